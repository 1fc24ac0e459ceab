use clap::Parser;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "cheminement=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = cheminement::cli::Cli::parse();
    // Database work runs on the blocking threads; as many as a pool's connections keeps the
    // queue in tokio (cheap) rather than in threads waiting for a connection (costly on two
    // cores). Writers take at most `WRITERS` of them, so readers always have some.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cheminement::db::POOL_SIZE as usize)
        .build()
        .expect("the tokio runtime starts");
    if let Err(e) = runtime.block_on(cheminement::cli::run(cli)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
