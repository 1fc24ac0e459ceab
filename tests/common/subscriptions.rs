//! Test helpers for the subscriptions tests (owned by whoever writes those tests).
