-- The performance tables clustered by resource and time: a series reads the points of a few sightings of one
-- resource over a range, which are now next to each other in the primary key, instead of one primary-key lookup per
-- point from the (resource, timestamp) unique index (a week's EC2 series at a year of data: 1,716 of them). That pair
-- was already unique; the surrogate id stays, unique, for the seed's shape.

ALTER TABLE ec2_performance
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (ec2_instance_id, `timestamp`),
    ADD CONSTRAINT uk_ec2_performance_id UNIQUE (id),
    DROP INDEX uk_ec2_performance_point;

ALTER TABLE s3_performance
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (s3_bucket_id, `timestamp`),
    ADD CONSTRAINT uk_s3_performance_id UNIQUE (id),
    DROP INDEX uk_s3_performance_point;

ALTER TABLE vpc_performance
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (vpc_instance_id, `timestamp`),
    ADD CONSTRAINT uk_vpc_performance_id UNIQUE (id),
    DROP INDEX uk_vpc_performance_point;

ALTER TABLE rds_performance
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (rds_instance_id, `timestamp`),
    ADD CONSTRAINT uk_rds_performance_id UNIQUE (id),
    DROP INDEX uk_rds_performance_point;
