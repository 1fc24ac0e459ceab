//! Running the server: the federation configuration, the job workers and the HTTP listener,
//! started together. `cheminement serve` and the tests both come through here.

use tokio::net::TcpListener;

use crate::app::effects::{HoldRelease, kinds};
use crate::jobs::worker::{self, Handlers, JobError};
use crate::{App, federation, mail};

/// The code that runs each kind of job: the effects, each turned into its wire form by the
/// face that owns it (`app::effects`), and the workers' own timers.
pub fn job_handlers(
    app: &App,
    federation: activitypub_federation::config::FederationConfig<App>,
) -> Handlers {
    let mailer = app.mailer.clone();
    Handlers::default()
        .on(kinds::MAIL, move |payload| {
            let mailer = mailer.clone();
            async move {
                let mail: mail::Mail = serde_json::from_str(&payload)
                    .map_err(|e| JobError::Permanent(format!("bad mail job: {e}")))?;
                mailer.send(&mail).await
            }
        })
        .on(kinds::PUBLISH, {
            let federation = federation.clone();
            move |payload| federation::publications::run(federation.clone(), payload)
        })
        .on(kinds::ANSWER, {
            let federation = federation.clone();
            move |payload| federation::rsvp::run_notice(federation.clone(), payload)
        })
        .on(kinds::WELCOME, {
            let federation = federation.clone();
            move |payload| federation::activities::follow::run_accept(federation.clone(), payload)
        })
        .on(kinds::COUNTS, {
            let federation = federation.clone();
            move |payload| federation::rsvp::run_counts(federation.clone(), payload)
        })
        // Events: web registrations not confirmed in time are released.
        .on(kinds::RELEASE_HOLD, {
            let app = app.clone();
            move |payload| release_hold(app.clone(), payload)
        })
        .on(federation::delivery::JOB_KIND, {
            let federation = federation.clone();
            move |payload| federation::delivery::run(federation.clone(), payload)
        })
        // Members: renewal reminders.
        .on(crate::members::reminders::JOB_KIND, {
            let db = app.db.clone();
            let site = crate::members::reminders::Site::of(&app.settings);
            move |_| crate::members::reminders::run_job(db.clone(), site.clone())
        })
        // Newsletter: campaigns starting and their batches.
        .on(crate::newsletter::sending::START_JOB, {
            let sender = campaign_sender(app);
            let tz = app.settings.timezone;
            move |payload| {
                let sender = sender.clone();
                async move { crate::newsletter::sending::run_start(&sender, &payload, tz).await }
            }
        })
        // Notifications: the chat's messages and morning digests.
        .on(kinds::CHAT, {
            let chat = app.chat();
            move |payload| crate::notifications::delivery::run(chat.clone(), payload)
        })
        .on(crate::notifications::digest::JOB_KIND, {
            let chat = app.chat();
            let tz = app.settings.timezone;
            move |payload| crate::notifications::digest::run(chat.clone(), tz, payload)
        })
        // A job that failed for good is told to the chat (the queue knows no domain: the hook
        // is given here). A chat message that failed is not: a chat that is down would only
        // queue more messages for itself.
        .on_gave_up(|conn, failed| {
            if failed.kind == kinds::CHAT || failed.kind == crate::notifications::digest::JOB_KIND {
                return Ok(());
            }
            crate::app::effects::record(
                conn,
                crate::app::effects::Effect::Chat(crate::app::effects::ChatNotice::JobFailed {
                    job_id: failed.id,
                    kind: failed.kind.clone(),
                    error: failed.error.chars().take(300).collect(),
                }),
            )
        })
        .on(crate::newsletter::sending::BATCH_JOB, {
            let sender = campaign_sender(app);
            move |payload| {
                let sender = sender.clone();
                async move { crate::newsletter::sending::run_batch(&sender, &payload).await }
            }
        })
}

/// The whole HTTP face: the web's routes, with the content negotiation that answers an
/// ActivityPub client the object at a page's address, and the federation's routes (which alone
/// need the crate's request data); then the web's layers around them all.
pub fn router(
    app: App,
    federation: activitypub_federation::config::FederationConfig<App>,
) -> axum::Router {
    use activitypub_federation::config::FederationMiddleware;
    let pages = crate::web::routes().route_layer(axum::middleware::from_fn_with_state(
        app.clone(),
        federation::negotiation::negotiate,
    ));
    let activitypub = federation::routes::router().layer(FederationMiddleware::new(federation));
    crate::web::finish(pages.merge(activitypub), app)
}

/// Runs one `ReleaseHold` effect: the hold's deadline came.
async fn release_hold(app: App, payload: String) -> Result<(), JobError> {
    let job: HoldRelease = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad registration-hold job: {e}")))?;
    crate::app::registrations::release_hold(&app, job.registration_id)
        .await
        .map(|_| ())
        .map_err(|e| JobError::Retry(e.to_string()))
}

/// What the newsletter's batch jobs need: the database, the mailer, the site, the pace set by
/// the operator.
fn campaign_sender(app: &App) -> crate::newsletter::sending::Sender {
    crate::newsletter::sending::Sender {
        db: app.db.clone(),
        mailer: app.mailer.clone(),
        site: crate::newsletter::sending::Site::new(&app.settings),
        batch: app.settings.newsletter_batch,
        rate: app.settings.newsletter_rate,
    }
}

/// Serves until `shutdown` completes. The job workers run alongside, in this process.
pub async fn run(
    app: App,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let federation = federation::config(app.clone()).await?;
    let orphans = app.db.run(crate::jobs::release_orphans).await?;
    if orphans > 0 {
        tracing::info!(
            "{orphans} job(s) were running when the server last stopped; they run again now"
        );
    }
    let tz = app.settings.timezone;
    app.db
        .run(move |c| crate::members::reminders::ensure_scheduled(c, tz))
        .await?;
    app.db
        .run(move |c| crate::notifications::digest::ensure_all(c, tz))
        .await?;
    let workers = tokio::spawn(worker::run(
        app.db.clone(),
        job_handlers(&app, federation.clone()),
        app.jobs.clone(),
    ));
    let router = router(app, federation);
    // The peer address feeds web::client_addr (login throttle, public forms' limit).
    let served = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    workers.abort();
    Ok(served?)
}
