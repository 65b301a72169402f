package io.clouddiagnoze.orchestrator.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One scan of one service in one tenant's account: the receipt that its resources hang from. */
@Entity
@Table(name = "scan_runs")
public class ScanRun {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public Long tenantId;

    @Column(name = "service_type")
    public String service;

    @Column(name = "scan_timestamp")
    public Instant scanTimestamp;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "total_resources")
    public int totalResources;

    /** JSON array of region names; empty: every enabled region. */
    @Column(name = "requested_regions")
    public String requestedRegions;

    /** JSON array of the scanner's per-region outcomes. */
    @Column(name = "region_outcomes")
    public String regionOutcomes;

    @Column(name = "error_detail")
    public String errorDetail;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "request_published_at")
    public Instant requestPublishedAt;

    /** The lower-case names the schema's ENUM uses. */
    public enum Status {
        in_progress, success, error
    }
}
