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
        received_at -> Timestamp,
        object_id -> Nullable<Text>,
        body_sha256 -> Text,
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
        // Registration holds (migration 2026-12-01-000002).
        hold_registrations -> Bool,
        hold_minutes -> Integer,
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
        // Registration holds (migration 2026-12-01-000002).
        hold_until -> Nullable<Timestamp>,
    }
}

diesel::joinable!(registrations -> events (event_id));
diesel::joinable!(events -> event_series (series_id));
diesel::allow_tables_to_appear_in_same_query!(events, registrations, event_series);

diesel::table! {
    contacts (id) {
        id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        email -> Nullable<Text>,
        email_key -> Nullable<Text>,
        phone -> Text,
        address -> Text,
        postal_code -> Text,
        city -> Text,
        country -> Text,
        birth_date -> Nullable<Date>,
        notes -> Text,
        name_key -> Text,
        lang -> Text,
        source -> Text,
        user_id -> Nullable<BigInt>,
        email_bounced_at -> Nullable<Timestamp>,
        bounce_reason -> Nullable<Text>,
        last_activity_at -> Timestamp,
        anonymized_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    consents (id) {
        id -> BigInt,
        contact_id -> BigInt,
        kind -> Text,
        given -> Bool,
        source -> Text,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    contact_log (id) {
        id -> BigInt,
        contact_id -> BigInt,
        user_id -> Nullable<BigInt>,
        action -> Text,
        detail -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    contact_fields (id) {
        id -> BigInt,
        key -> Text,
        label -> Text,
        kind -> Text,
        choices -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contact_field_values (contact_id, field_id) {
        contact_id -> BigInt,
        field_id -> BigInt,
        value -> Text,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        description -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contact_tags (contact_id, tag_id) {
        contact_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    contact_merges (id) {
        id -> BigInt,
        kept_id -> BigInt,
        merged_id -> BigInt,
        merged_data -> Text,
        merged_by -> Nullable<BigInt>,
        merged_at -> Timestamp,
    }
}

diesel::table! {
    membership_categories (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        amount_cents -> Nullable<BigInt>,
        min_cents -> Nullable<BigInt>,
        active -> Bool,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        contact_id -> BigInt,
        category_id -> BigInt,
        starts_on -> Date,
        ends_on -> Date,
        amount_cents -> BigInt,
        paid_on -> Nullable<Date>,
        payment_method -> Text,
        receipt_number -> Nullable<Text>,
        source -> Text,
        external_ref -> Nullable<Text>,
        notes -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    membership_people (membership_id, contact_id) {
        membership_id -> BigInt,
        contact_id -> BigInt,
    }
}

diesel::table! {
    membership_reminders (membership_id, offset_days) {
        membership_id -> BigInt,
        offset_days -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    newsletter_lists (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> BigInt,
        list_id -> BigInt,
        contact_id -> BigInt,
        status -> Text,
        confirm_hash -> Nullable<Text>,
        confirm_expires_at -> Nullable<Timestamp>,
        confirm_sent_at -> Nullable<Timestamp>,
        unsubscribe_token -> Text,
        source -> Text,
        source_url -> Nullable<Text>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        unsubscribed_at -> Nullable<Timestamp>,
        unsubscribed_campaign_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        slug -> Text,
        subject -> Text,
        body_md -> Text,
        body_html -> Text,
        status -> Text,
        scheduled_at -> Nullable<Timestamp>,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        public_archive -> Bool,
        to_fediverse -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaign_lists (campaign_id, list_id) {
        campaign_id -> BigInt,
        list_id -> BigInt,
    }
}

diesel::table! {
    campaign_recipients (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        contact_id -> Nullable<BigInt>,
        subscription_id -> Nullable<BigInt>,
        email -> Text,
        status -> Text,
        error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(contacts -> users (user_id));
diesel::joinable!(consents -> contacts (contact_id));
diesel::joinable!(contact_log -> contacts (contact_id));
diesel::joinable!(contact_field_values -> contacts (contact_id));
diesel::joinable!(contact_field_values -> contact_fields (field_id));
diesel::joinable!(contact_tags -> contacts (contact_id));
diesel::joinable!(contact_tags -> tags (tag_id));
diesel::joinable!(memberships -> contacts (contact_id));
diesel::joinable!(memberships -> membership_categories (category_id));
diesel::joinable!(membership_people -> memberships (membership_id));
diesel::joinable!(membership_people -> contacts (contact_id));
diesel::joinable!(membership_reminders -> memberships (membership_id));
diesel::joinable!(subscriptions -> newsletter_lists (list_id));
diesel::joinable!(subscriptions -> contacts (contact_id));
diesel::joinable!(campaign_lists -> campaigns (campaign_id));
diesel::joinable!(campaign_lists -> newsletter_lists (list_id));
diesel::joinable!(campaign_recipients -> campaigns (campaign_id));
diesel::joinable!(campaign_recipients -> subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    contacts,
    consents,
    contact_log,
    contact_fields,
    contact_field_values,
    tags,
    contact_tags,
    contact_merges,
    membership_categories,
    memberships,
    membership_people,
    membership_reminders,
    newsletter_lists,
    subscriptions,
    campaigns,
    campaign_lists,
    campaign_recipients,
    registrations,
);

// A CSV file between its preview and its import (members::import).
diesel::table! {
    contact_imports (id) {
        id -> BigInt,
        user_id -> BigInt,
        filename -> Text,
        encoding -> Text,
        delimiter -> Text,
        content -> Text,
        created_at -> Timestamp,
    }
}

// `campaign_recipients` with the two columns migration 14 adds (each recipient's tries, for
// newsletter::sending); declared apart so that the table above stays as it was. Never join
// the two: they are one table.
diesel::table! {
    #[sql_name = "campaign_recipients"]
    campaign_recipient_tries (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        status -> Text,
        error -> Nullable<Text>,
        attempts -> Integer,
        attempted_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
    }
}

// Accounts hardening (migration 2026-12-01-000001_account_hardening): `login_failures` with
// the client address it adds, declared apart so that the table above stays as it was (never
// join the two: they are one table); invitations by mail; the public forms' hourly counts.
diesel::table! {
    #[sql_name = "login_failures"]
    login_failures_by_client (id) {
        id -> BigInt,
        email -> Text,
        client_addr -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        token_hash -> Text,
        email -> Text,
        display_name -> Text,
        role -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    form_hits (id) {
        id -> BigInt,
        client_addr -> Text,
        hit_at -> Timestamp,
    }
}

// Notifications to the chat (migration 2026-12-04-000002_notifications).
diesel::table! {
    notification_rules (id) {
        id -> BigInt,
        name -> Text,
        webhook_url -> Text,
        channel -> Text,
        kinds -> Text,
        digest_at -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    chat_batches (id) {
        id -> BigInt,
        rule_id -> BigInt,
        notice -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(chat_batches -> notification_rules (rule_id));
diesel::allow_tables_to_appear_in_same_query!(notification_rules, chat_batches);

// The Mattermost user linked to an account (same migration), declared apart so that `users`
// above stays as it was (never join the two: they are one table).
diesel::table! {
    #[sql_name = "users"]
    users_chat (id) {
        id -> BigInt,
        chat_user_id -> Nullable<Text>,
    }
}

// The books (migration 2026-12-04-000001_ledger), owned by ledger/.
diesel::table! {
    charts (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    chart_accounts (id) {
        id -> BigInt,
        chart_id -> BigInt,
        number -> Text,
        label -> Text,
        position -> Text,
        added_by -> Nullable<BigInt>,
        added_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_mappings (id) {
        id -> BigInt,
        from_chart -> Text,
        from_number -> Text,
        to_chart -> Text,
        to_number -> Text,
    }
}

diesel::table! {
    fiscal_years (id) {
        id -> BigInt,
        starts_on -> Date,
        ends_on -> Date,
        chart_id -> BigInt,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        seal_sha256 -> Nullable<Text>,
    }
}

diesel::table! {
    journals (id) {
        id -> BigInt,
        kind -> Text,
        code -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    entries (id) {
        id -> BigInt,
        fiscal_year_id -> BigInt,
        journal_id -> BigInt,
        number -> Nullable<BigInt>,
        on_date -> Date,
        label -> Text,
        piece_ref -> Text,
        source_kind -> Nullable<Text>,
        source_id -> Nullable<BigInt>,
        reverses_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        validated_at -> Nullable<Timestamp>,
        chain_sha256 -> Nullable<Text>,
        source_generation -> BigInt,
    }
}

diesel::table! {
    entry_lines (id) {
        id -> BigInt,
        entry_id -> BigInt,
        account_number -> Text,
        debit_cents -> BigInt,
        credit_cents -> BigInt,
        contact_id -> Nullable<BigInt>,
        project -> Text,
        label -> Text,
    }
}

diesel::table! {
    entry_changes (id) {
        id -> BigInt,
        entry_id -> BigInt,
        changed_by -> Nullable<BigInt>,
        changed_at -> Timestamp,
        before_text -> Text,
        after_text -> Text,
    }
}

diesel::table! {
    ledger_categories (id) {
        id -> BigInt,
        key -> Text,
        kind -> Text,
        chart_id -> BigInt,
        account_number -> Text,
        position -> Integer,
    }
}

diesel::table! {
    entry_counters (series, year) {
        series -> Text,
        year -> BigInt,
        next -> BigInt,
    }
}

diesel::joinable!(chart_accounts -> charts (chart_id));
diesel::joinable!(fiscal_years -> charts (chart_id));
diesel::joinable!(entries -> fiscal_years (fiscal_year_id));
diesel::joinable!(entries -> journals (journal_id));
diesel::joinable!(entry_lines -> entries (entry_id));
diesel::joinable!(entry_changes -> entries (entry_id));
diesel::joinable!(ledger_categories -> charts (chart_id));
diesel::allow_tables_to_appear_in_same_query!(
    charts,
    chart_accounts,
    fiscal_years,
    journals,
    entries,
    entry_lines,
    entry_changes,
    ledger_categories,
);
