fn main() -> std::process::ExitCode {
    sesame_server::cli::run()
}
