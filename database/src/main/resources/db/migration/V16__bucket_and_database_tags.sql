-- The tags of buckets (GetBucketTagging) and database instances (the TagList DescribeDBInstances answers), as EC2
-- instances and VPCs have had theirs from the start: the inventory filters by them and alerts name them. Rows of earlier
-- scans, and of scanners that predate the field, read as no tags. MariaDB's JSON checks its values itself; a column
-- added last with a constant default is an instant change: no table is copied.
ALTER TABLE s3_buckets
    ADD COLUMN tags JSON NOT NULL DEFAULT '{}';

ALTER TABLE rds_instances
    ADD COLUMN tags JSON NOT NULL DEFAULT '{}';
