//! Times each rule on one file, to find the slow one: `cargo run --release --example rule_times -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let loader = plan::model::Loader::new();
    let t = std::time::Instant::now();
    let parsed = loader.load(path.as_ref(), path.as_ref()).expect("readable");
    println!("parse {:?}", t.elapsed());
    let Ok(ast) = &parsed.ast else {
        panic!("does not parse")
    };
    let t = std::time::Instant::now();
    let model = plan::model::build(&loader, parsed.source.clone(), ast.clone());
    println!("model {:?}", t.elapsed());
    for rule in plan::rules::RULES {
        let t = std::time::Instant::now();
        let mut out = Vec::new();
        (rule.check)(&model, &mut out);
        println!("{} {:?} ({} findings)", rule.code, t.elapsed(), out.len());
    }
}
