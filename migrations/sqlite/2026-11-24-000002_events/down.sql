DROP TABLE registrations;
DROP TABLE events;
DROP TABLE event_series;
