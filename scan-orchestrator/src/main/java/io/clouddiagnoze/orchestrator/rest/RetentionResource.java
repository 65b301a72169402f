package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.service.RetentionJob;
import io.clouddiagnoze.orchestrator.service.RetentionJob.Pass;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One retention pass now (deploy/local/stack.sh retention), with the scheduler's service token; it answers what the pass did. */
@Path("/api/retention")
@RolesAllowed(TenantTokenClaims.GROUP_SCHEDULER)
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {
    private final RetentionJob retention;

    RetentionResource(RetentionJob retention) {
        this.retention = retention;
    }

    /** 409 while another pass (this instance's schedule, or another instance's) holds the lease. */
    @POST
    @Path("/run")
    @Blocking
    public Pass run() {
        Pass pass = retention.runOnce();
        if (pass == null) {
            throw ProblemException.conflict("a retention pass is running; try again when it has finished");
        }
        return pass;
    }
}
