package io.clouddiagnoze.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/** A tenant's account: one company, its login and the AWS role CloudDiagnoze may assume. */
@Entity
@Table(name = "users")
public class User {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "company_name")
    public String companyName;

    @Column(name = "role_arn")
    public String roleArn;

    @Column(name = "external_id")
    public String externalId;

    /** Months a finished scan stays online before scan-orchestrator archives it; null: the platform's period. */
    @Column(name = "retention_months")
    public Integer retentionMonths;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
