package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository.ArchivedSightings;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.Sighting;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resource across every scan that saw it: when it was first and last seen, what changed between the sightings still
 * online, and how many archived scans saw it.
 */
@ApplicationScoped
public class HistoryService {
    private final ResourceRepository resources;
    private final ArchiveRepository archive;
    private final LongReads longReads;

    HistoryService(ResourceRepository resources, ArchiveRepository archive, LongReads longReads) {
        this.resources = resources;
        this.archive = archive;
        this.longReads = longReads;
    }

    public Uni<History> history(long tenantId, ServiceType service, String naturalId) {
        if (naturalId.length() > 255) {
            throw ProblemException.invalidField("naturalId", "is too long");
        }
        return longReads.run(tenantId, () -> Uni.combine().all().unis(resources.sightings(ResourceTables.of(service), tenantId, naturalId),
                archive.sightings(tenantId, service, naturalId)).asTuple()).map(found -> {
            List<Sighting> sightings = found.getItem1();
            ArchivedSightings archived = found.getItem2();
            if (sightings.isEmpty() && archived.sightings() == 0) {
                throw ProblemException.notFound("no " + service.id() + " resource " + naturalId + " was ever seen");
            }
            List<HistoryChange> changes = new ArrayList<>();
            for (int i = 1; i < sightings.size(); i++) {
                var fields = ResourceChanges.between(sightings.get(i - 1).resource(), sightings.get(i).resource());
                if (!fields.isEmpty()) {
                    changes.add(new HistoryChange(sightings.get(i).scanRunId(), sightings.get(i).scanTimestamp(), fields));
                }
            }
            // Archived sightings are older than any online one: the archive takes the oldest runs.
            Instant firstSeen = archived.sightings() > 0 ? archived.from() : sightings.get(0).scanTimestamp();
            Instant lastSeen = sightings.isEmpty() ? archived.to() : sightings.get(sightings.size() - 1).scanTimestamp();
            return new History(service.id(), naturalId, firstSeen, lastSeen, sightings.size(),
                    sightings.stream().map(s -> new SightingView(s.scanRunId(), s.scanTimestamp(),
                            String.valueOf(s.resource().get("region")))).toList(),
                    changes, sightings.isEmpty() ? null : sightings.get(sightings.size() - 1).resource(), archived);
        });
    }

    /**
     * A resource's history: first and last seen over every scan, online or archived; the online sightings, their changes
     * and the latest view (null when every sighting is archived); and how many archived scans saw it, from when to when.
     */
    public record History(String service, String resourceId, Instant firstSeen, Instant lastSeen, int sightingCount,
                          List<SightingView> sightings, List<HistoryChange> changes, Map<String, Object> latest,
                          ArchivedSightings archived) {
    }

    public record SightingView(long scanRunId, Instant scanTimestamp, String region) {
    }

    public record HistoryChange(long scanRunId, Instant scanTimestamp, List<FieldChange> fields) {
    }
}
