package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A resource across every scan that saw it: when it was first and last seen, and what changed between sightings. */
@ApplicationScoped
public class HistoryService {
    private final ResourceRepository resources;
    private final LongReads longReads;

    HistoryService(ResourceRepository resources, LongReads longReads) {
        this.resources = resources;
        this.longReads = longReads;
    }

    public Uni<History> history(long tenantId, ServiceType service, String naturalId) {
        if (naturalId.length() > 255) {
            throw ProblemException.invalidField("naturalId", "is too long");
        }
        return longReads.run(tenantId, () -> resources.sightings(ResourceTables.of(service), tenantId, naturalId)).map(sightings -> {
            if (sightings.isEmpty()) {
                throw ProblemException.notFound("no " + service.id() + " resource " + naturalId + " was ever seen");
            }
            List<HistoryChange> changes = new ArrayList<>();
            for (int i = 1; i < sightings.size(); i++) {
                var fields = ResourceChanges.between(sightings.get(i - 1).resource(), sightings.get(i).resource());
                if (!fields.isEmpty()) {
                    changes.add(new HistoryChange(sightings.get(i).scanRunId(), sightings.get(i).scanTimestamp(), fields));
                }
            }
            return new History(service.id(), naturalId, sightings.get(0).scanTimestamp(),
                    sightings.get(sightings.size() - 1).scanTimestamp(), sightings.size(),
                    sightings.stream().map(s -> new SightingView(s.scanRunId(), s.scanTimestamp(),
                            String.valueOf(s.resource().get("region")))).toList(),
                    changes, sightings.get(sightings.size() - 1).resource());
        });
    }

    public record History(String service, String resourceId, Instant firstSeen, Instant lastSeen, int sightingCount,
                          List<SightingView> sightings, List<HistoryChange> changes, Map<String, Object> latest) {
    }

    public record SightingView(long scanRunId, Instant scanTimestamp, String region) {
    }

    public record HistoryChange(long scanRunId, Instant scanTimestamp, List<FieldChange> fields) {
    }
}
