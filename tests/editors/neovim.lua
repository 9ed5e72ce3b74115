-- Drives Neovim (headless) through a `.plan` file with the setup of editors/README.md, as a
-- person would: the keys of the README (K, CTRL-], grr, grn) and vim.lsp.buf.format().
-- Writes what it saw as JSON to $PLAN_NVIM_OUT; tests/neovim.rs asserts on it.
local out = { steps = {} }
local buf = vim.api.nvim_get_current_buf()

local function wait(cond, ms)
  return vim.wait(ms or 20000, cond, 20)
end

local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), "x", false)
end

-- Put the cursor at the start of the first match of a pattern (after line `from`).
local function at(pattern, from)
  vim.fn.cursor(from or 1, 1)
  vim.fn.search(pattern, "c")
end

local function floating_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local b = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), "\n")
    end
  end
end

local function close_floats()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end
end

local function finish()
  vim.fn.writefile({ vim.json.encode(out) }, os.getenv("PLAN_NVIM_OUT"))
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  out.filetype = vim.bo.filetype
  out.commentstring = vim.bo.commentstring
  out.attached = wait(function()
    return #vim.lsp.get_clients({ bufnr = buf, name = "plan" }) > 0
  end)
  if not out.attached then
    return
  end

  -- Diagnostics as they arrive.
  wait(function()
    return #vim.diagnostic.get(buf) > 0
  end)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, message = d.message })
  end

  -- K: hover on an owner.
  at([[owner \zs经信局]])
  keys("K")
  wait(function()
    return floating_text() ~= nil
  end, 5000)
  out.hover = floating_text()
  close_floats()

  -- CTRL-]: jump from `after 新型工业化` to the measure.
  at([[after \zs新型工业化]])
  local before = vim.api.nvim_win_get_cursor(0)
  keys("<C-]>")
  wait(function()
    return vim.api.nvim_win_get_cursor(0)[1] ~= before[1]
  end, 5000)
  out.definition = vim.api.nvim_win_get_cursor(0)
  out.definition_line = vim.api.nvim_get_current_line()

  -- grr: references of a metric, into the quickfix list.
  at([[metric \zs规上工业总产值]])
  keys("grr")
  wait(function()
    return #vim.fn.getqflist() > 0
  end, 5000)
  out.references = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(out.references, item.lnum)
  end
  vim.cmd("cclose")

  -- Completion after `owner ` on a new line (the client's own request, as omnifunc sends it).
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, { "measure 新 {", "  owner 经", "}" })
  local client = vim.lsp.get_clients({ bufnr = buf, name = "plan" })[1]
  -- The end of `  owner 经`, as insert mode has it (normal mode cannot be past the end):
  -- in bytes or UTF-16 units, as negotiated.
  local typed = "  owner 经"
  local column = client.offset_encoding == "utf-8" and #typed or vim.str_utfindex(typed, "utf-16")
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = last + 1, character = column },
  }
  local result = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 5000)
  out.completion = {}
  for _, r in pairs(result or {}) do
    for _, item in ipairs((r.result or {}).items or r.result or {}) do
      table.insert(out.completion, item.label)
    end
  end
  vim.api.nvim_buf_set_lines(buf, last, last + 3, false, {})

  -- Format the buffer (the README's vim.lsp.buf.format()).
  vim.lsp.buf.format({ async = false, timeout_ms = 5000 })
  out.formatted = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  -- grn: rename the owner id, typing the new name at the prompt.
  at([[^  \zs经信局]])
  keys("grn<C-U>工信局<CR>")
  wait(function()
    return vim.fn.search("工信局", "nw") > 0
  end, 5000)
  out.renamed = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end)
if not ok then
  out.error = tostring(err)
end
finish()
