use clap::Parser;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "cheminement=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = cheminement::cli::Cli::parse();
    if let Err(e) = cheminement::cli::run(cli).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
