-- scan-orchestrator's relays claim the runs they publish, so that two instances never send the same
-- scan request or the same resource changes: a round claims pending runs under a token of its own until
-- a deadline, sends what it claimed, and releases the claim when it marks the run published. A claim
-- whose instance died lapses at its deadline and the run is sent by whichever round comes next.

ALTER TABLE scan_runs
    ADD COLUMN relay_claim CHAR(36) NULL COMMENT 'the relay round publishing this run''s request or changes, while it does',
    ADD COLUMN relay_claimed_until DATETIME(6) NULL COMMENT 'when that claim lapses if the round never released it',
    ADD INDEX ix_scan_runs_relay_claim (relay_claim);
