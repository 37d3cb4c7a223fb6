fn main() {
    codegen::Builder::new()
        .docs("../../docs-input")
        .version("fpt")
        .compile_or_exit();
}
