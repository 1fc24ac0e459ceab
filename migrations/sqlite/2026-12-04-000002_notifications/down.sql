DROP INDEX users_chat_user_id;
ALTER TABLE users DROP COLUMN chat_user_id;
DROP TABLE chat_batches;
DROP TABLE notification_rules;
