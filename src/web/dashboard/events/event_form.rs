//! The event form as typed, read into the domain's input, and the choices it offers.

use super::*;
use crate::db::TextEnum;

/// The event form as posted: every field as typed, so that a mistake shows it again unchanged.
/// The series form adds its rule's fields.
#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub place_name: String,
    #[serde(default)]
    pub place_address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub registration_opens_at: String,
    #[serde(default)]
    pub registration_closes_at: String,
    pub requires_approval: Option<String>,
    pub takes_registrations: Option<String>,
    pub published: Option<String>,
    pub hold_registrations: Option<String>,
    #[serde(default)]
    pub hold_minutes: String,
    #[serde(default)]
    pub status: String,
    // The series' rule.
    #[serde(default)]
    pub weekday: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub except: String,
}

pub(super) fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

pub(super) fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

pub(super) fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

pub(super) fn local_text(t: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    t.and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub(super) fn on(checked: bool) -> Option<String> {
    checked.then(|| "on".to_string())
}

impl EventForm {
    /// An empty form: open registration, published, the association's time zone.
    pub(super) fn blank(app: &App) -> EventForm {
        EventForm {
            timezone: app.settings.timezone.name().to_string(),
            takes_registrations: on(true),
            published: on(true),
            hold_registrations: on(true),
            hold_minutes: agenda::HOLD_MINUTES.to_string(),
            status: "scheduled".into(),
            weekday: "2".into(),
            ..EventForm::default()
        }
    }

    pub(super) fn from_event(e: &Event, hold: HoldSettings) -> EventForm {
        let tz = e.tz();
        EventForm {
            title: e.title.clone(),
            description: e.description_md.clone(),
            starts_at: local_text(e.starts_at, tz),
            ends_at: local_text(e.ends_at, tz),
            timezone: e.timezone.clone(),
            place_name: e.place_name.clone(),
            place_address: e.place_address.clone(),
            latitude: e.latitude.map(|l| l.to_string()).unwrap_or_default(),
            longitude: e.longitude.map(|l| l.to_string()).unwrap_or_default(),
            online_url: e.online_url.clone().unwrap_or_default(),
            image: e.image.clone().unwrap_or_default(),
            category: e.category.clone(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            registration_opens_at: e
                .registration_opens_at
                .map(|t| local_text(t, tz))
                .unwrap_or_default(),
            registration_closes_at: e
                .registration_closes_at
                .map(|t| local_text(t, tz))
                .unwrap_or_default(),
            requires_approval: on(e.requires_approval),
            takes_registrations: on(e.takes_registrations),
            published: on(e.published),
            hold_registrations: on(hold.hold_registrations),
            hold_minutes: hold.hold_minutes.to_string(),
            status: e.status.as_str().to_string(),
            ..EventForm::default()
        }
    }

    /// The domain's input, and the mistakes found while reading the fields (a date that is
    /// not a date, a capacity that is not a number).
    pub(super) fn input(&self) -> (EventInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut time = |text: &str, field: &'static str| -> Option<NaiveDateTime> {
            if text.trim().is_empty() {
                return None;
            }
            let t = parse_local(text);
            if t.is_none() {
                errors.push(FieldError {
                    field,
                    code: "datetime_invalid",
                });
            }
            t
        };
        let starts_at = time(&self.starts_at, "starts_at");
        let ends_at = time(&self.ends_at, "ends_at");
        let opens = time(&self.registration_opens_at, "registration_opens_at");
        let closes = time(&self.registration_closes_at, "registration_closes_at");
        let mut number = |text: &str, field: &'static str| -> Option<f64> {
            let text = text.trim().replace(',', ".");
            if text.is_empty() {
                return None;
            }
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    errors.push(FieldError {
                        field,
                        code: "coordinates_invalid",
                    });
                    None
                }
            }
        };
        let latitude = number(&self.latitude, "latitude");
        let longitude = number(&self.longitude, "longitude");
        let capacity = match self.capacity.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError {
                        field: "capacity",
                        code: "capacity_invalid",
                    });
                    None
                }
            },
        };
        let hold_minutes = match self.hold_minutes.trim() {
            "" => agenda::HOLD_MINUTES,
            text => text.parse::<i32>().unwrap_or_else(|_| {
                errors.push(FieldError {
                    field: "hold_minutes",
                    code: "hold_minutes_invalid",
                });
                agenda::HOLD_MINUTES
            }),
        };
        let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let input = EventInput {
            title: self.title.clone(),
            description: self.description.clone(),
            starts_at,
            ends_at,
            timezone: self.timezone.trim().to_string(),
            place_name: self.place_name.clone(),
            place_address: self.place_address.clone(),
            latitude,
            longitude,
            online_url: nonempty(&self.online_url),
            image: nonempty(&self.image),
            category: self.category.clone(),
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
            requires_approval: self.requires_approval.is_some(),
            takes_registrations: self.takes_registrations.is_some(),
            status: EventStatus::parse(&self.status).unwrap_or(EventStatus::Scheduled),
            published: self.published.is_some(),
            hold_registrations: self.hold_registrations.is_some(),
            hold_minutes,
        };
        (input, errors)
    }

    /// The series' rule, and the mistakes found while reading its fields.
    pub(super) fn rule(&self) -> (Option<SeriesRule>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut bad = |field: &'static str, code: &'static str| {
            errors.push(FieldError { field, code });
        };
        let weekday = self.weekday.trim().parse::<u8>().ok();
        if weekday.is_none() {
            bad("weekday", "weekday_invalid");
        }
        let start = parse_time(&self.start_time);
        if start.is_none() {
            bad("start_time", "time_invalid");
        }
        let end = parse_time(&self.end_time);
        if end.is_none() {
            bad("end_time", "time_invalid");
        }
        let from = parse_day(&self.from);
        if from.is_none() {
            bad("from", "date_invalid");
        }
        let until = parse_day(&self.until);
        if until.is_none() {
            bad("until", "date_invalid");
        }
        let except = match series::parse_exceptions(&self.except) {
            Ok(dates) => Some(dates),
            Err(_) => {
                bad("except", "dates_invalid");
                None
            }
        };
        match (weekday, start, end, from, until, except) {
            (
                Some(weekday),
                Some(start_time),
                Some(end_time),
                Some(from),
                Some(until),
                Some(except),
            ) if errors.is_empty() => (
                Some(SeriesRule {
                    weekday,
                    start_time,
                    end_time,
                    from,
                    until,
                    except,
                }),
                errors,
            ),
            _ => (None, errors),
        }
    }
}

/// The form's own mistakes first (they say more), then the domain's for other fields.
pub(super) fn merge(mut first: Vec<FieldError>, e: Error) -> Result<FormErrors, Error> {
    let more = FormErrors::from_error(e)?;
    for f in more.0 {
        if !first.iter().any(|g| g.field == f.field) {
            first.push(f);
        }
    }
    Ok(FormErrors(first))
}

/// What every form page with the event fields shows besides them.
pub struct Choices {
    pub timezones: Vec<&'static str>,
    pub categories: Vec<String>,
    pub images: Vec<(String, String)>,
    pub statuses: Vec<(&'static str, String)>,
    pub weekdays: Vec<(u8, &'static str)>,
}

pub(super) async fn choices(app: &App, lang: Lang) -> Result<Choices, Error> {
    let (categories, images) = app
        .db
        .read(|c| {
            let images = crate::site::media::all(c)?
                .into_iter()
                .filter(|m| m.content_type.starts_with("image/"))
                .map(|m| (m.stored_name, m.original_name))
                .collect::<Vec<_>>();
            Ok::<_, Error>((agenda::categories(c)?, images))
        })
        .await?;
    let weekdays = (1..=7u8)
        .map(|day| (day, crate::i18n::dates::weekday_name(lang, day.into())))
        .collect();
    Ok(Choices {
        timezones: TIMEZONES.to_vec(),
        categories,
        images,
        statuses: [
            EventStatus::Scheduled,
            EventStatus::Postponed,
            EventStatus::Cancelled,
        ]
        .iter()
        .map(|s| {
            (
                s.as_str(),
                lang.t(&format!("status_{}", s.as_str())).to_string(),
            )
        })
        .collect(),
        weekdays,
    })
}
