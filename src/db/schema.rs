//! The tables, as diesel sees them. Kept by hand, in step with both migration folders.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        email -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pages (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        body_md -> Text,
        body_html -> Text,
        in_menu -> Bool,
        menu_order -> Integer,
        published -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    posts (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_md -> Text,
        body_html -> Text,
        excerpt -> Text,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        stored_name -> Text,
        original_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    followers (id) {
        id -> BigInt,
        actor_id -> Text,
        inbox -> Text,
        shared_inbox -> Nullable<Text>,
        follow_activity_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    remote_actors (id) {
        id -> BigInt,
        ap_id -> Text,
        preferred_username -> Text,
        display_name -> Text,
        inbox -> Text,
        shared_inbox -> Nullable<Text>,
        public_key_pem -> Text,
        fetched_at -> Timestamp,
    }
}

diesel::table! {
    blocks (id) {
        id -> BigInt,
        kind -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    received_activities (id) {
        id -> BigInt,
        ap_id -> Text,
        kind -> Text,
        actor -> Text,
        body -> Text,
        received_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(users, sessions, api_tokens, password_resets);
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));

diesel::table! {
    event_series (id) {
        id -> BigInt,
        title -> Text,
        rule -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        description_md -> Text,
        description_html -> Text,
        excerpt -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        timezone -> Text,
        place_name -> Text,
        place_address -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        online_url -> Nullable<Text>,
        image -> Nullable<Text>,
        category -> Text,
        capacity -> Nullable<Integer>,
        confirmed_count -> Integer,
        registration_opens_at -> Nullable<Timestamp>,
        registration_closes_at -> Nullable<Timestamp>,
        requires_approval -> Bool,
        takes_registrations -> Bool,
        status -> Text,
        series_id -> Nullable<BigInt>,
        published -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    registrations (id) {
        id -> BigInt,
        event_id -> BigInt,
        attendee_key -> Text,
        name -> Text,
        email -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        channel -> Text,
        channel_ref -> Nullable<Text>,
        lang -> Text,
        status -> Text,
        message -> Text,
        checked_in -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(registrations -> events (event_id));
diesel::joinable!(events -> event_series (series_id));
diesel::allow_tables_to_appear_in_same_query!(events, registrations, event_series);
