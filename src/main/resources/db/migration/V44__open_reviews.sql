-- The review keys of each order's latest plan: the differences a person must still look at. An
-- acknowledgement (POST .../orders/{id}/reviews/acknowledge) records exactly these, and nothing
-- older, as done bindings ('ack_' + key); the planner then lists them as notes.
alter table sync_order_state add column open_reviews jsonb not null default '[]';
