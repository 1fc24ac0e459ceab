-- The books (ledger/): charts of accounts shipped as data (ledger::charts loads them at start),
-- fiscal years, journals, entries and their lines in integer cents, the audit of draft edits,
-- the everyday categories volunteers choose from, and the counters that number entries.

CREATE TABLE charts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- fr_pca_2018, fr_pca_2025
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE chart_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    chart_id BIGINT NOT NULL REFERENCES charts(id),
    number TEXT NOT NULL,
    -- French, as the law writes it (data, not a catalogue message).
    label TEXT NOT NULL,
    -- asset, liability, asset_or_liability, expense, income, special
    position TEXT NOT NULL,
    -- Set for an account an admin added; NULL for the shipped ones.
    added_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    added_at TIMESTAMP,
    UNIQUE (chart_id, number)
);

-- How an account of one chart moves to another (740 -> 741 when a year goes to PCA 2025).
CREATE TABLE account_mappings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    from_chart TEXT NOT NULL,
    from_number TEXT NOT NULL,
    to_chart TEXT NOT NULL,
    to_number TEXT NOT NULL,
    UNIQUE (from_chart, from_number, to_chart)
);

CREATE TABLE fiscal_years (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    starts_on DATE NOT NULL UNIQUE,
    ends_on DATE NOT NULL,
    chart_id BIGINT NOT NULL REFERENCES charts(id),
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    -- The last link of the chain of the year's entries, set when the year is closed.
    seal_sha256 TEXT,
    CHECK (ends_on > starts_on)
);

CREATE TABLE journals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- bank, cash, sales, purchases, misc, opening
    kind TEXT NOT NULL UNIQUE,
    -- The FEC's JournalCode: BQ, CA, VT, AC, OD, AN.
    code TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    fiscal_year_id BIGINT NOT NULL REFERENCES fiscal_years(id),
    journal_id BIGINT NOT NULL REFERENCES journals(id),
    -- Given at validation, continuous per journal and fiscal year; NULL for a draft.
    number BIGINT,
    on_date DATE NOT NULL,
    label TEXT NOT NULL,
    piece_ref TEXT NOT NULL,
    -- What booked it (membership/42, gift/7...); NULL for an entry typed by hand.
    source_kind TEXT,
    source_id BIGINT,
    -- The entry this one reverses.
    reverses_id BIGINT REFERENCES entries(id),
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    validated_at TIMESTAMP,
    -- SHA-256 of the previous entry's hash and this entry's canonical text, set when its year
    -- is closed (ledger::chain).
    chain_sha256 TEXT,
    UNIQUE (fiscal_year_id, journal_id, number)
);
-- One booking per source (a second call answers the first entry), and one reversal per entry.
CREATE UNIQUE INDEX entries_source ON entries (source_kind, source_id)
    WHERE reverses_id IS NULL AND source_kind IS NOT NULL;
CREATE UNIQUE INDEX entries_reversal ON entries (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX entries_year_date ON entries (fiscal_year_id, on_date, id);

CREATE TABLE entry_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES entries(id),
    account_number TEXT NOT NULL,
    debit_cents BIGINT NOT NULL,
    credit_cents BIGINT NOT NULL,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    -- A project tag ("yoga", "concerts"), for a result per activity; empty for none.
    project TEXT NOT NULL,
    label TEXT NOT NULL,
    CHECK (debit_cents >= 0 AND credit_cents >= 0),
    CHECK (debit_cents = 0 OR credit_cents = 0)
);
CREATE INDEX entry_lines_entry ON entry_lines (entry_id);
CREATE INDEX entry_lines_account ON entry_lines (account_number);

-- Every edit of a draft: who, when, and the entry before and after (canonical text).
CREATE TABLE entry_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES entries(id),
    changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    changed_at TIMESTAMP NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL
);
CREATE INDEX entry_changes_entry ON entry_changes (entry_id);

-- The everyday categories (dues, energy...): one row per category and chart, with the
-- account it books to on that chart. Their names are catalogue messages ledger_category_{key}.
CREATE TABLE ledger_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL,
    -- income, expense
    kind TEXT NOT NULL,
    chart_id BIGINT NOT NULL REFERENCES charts(id),
    account_number TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (key, chart_id)
);

-- Numbering counters (db::counters): `next` is the number the next validation takes, per
-- series (a journal's kind) and year (the fiscal year's id).
CREATE TABLE entry_counters (
    series TEXT NOT NULL,
    year BIGINT NOT NULL,
    next BIGINT NOT NULL,
    PRIMARY KEY (series, year)
);
