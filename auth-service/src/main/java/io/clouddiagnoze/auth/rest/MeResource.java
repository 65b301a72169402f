package io.clouddiagnoze.auth.rest;

import io.clouddiagnoze.auth.rest.AuthApi.PasswordChange;
import io.clouddiagnoze.auth.rest.AuthApi.PasswordConfirmation;
import io.clouddiagnoze.auth.rest.AuthApi.RetentionRequest;
import io.clouddiagnoze.auth.rest.AuthApi.RoleRequest;
import io.clouddiagnoze.auth.rest.AuthApi.RoleSetup;
import io.clouddiagnoze.auth.rest.AuthApi.TokenPair;
import io.clouddiagnoze.auth.rest.AuthApi.UserView;
import io.clouddiagnoze.auth.service.AccountService;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The signed-in tenant's own account. */
@Path("/auth/me")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    private final AccountService accounts;
    private final CurrentTenant tenant;

    MeResource(AccountService accounts, CurrentTenant tenant) {
        this.accounts = accounts;
        this.tenant = tenant;
    }

    @GET
    public Uni<UserView> profile() {
        return accounts.profile(tenant.id()).map(UserView::of);
    }

    @PUT
    @Path("/aws-role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RoleSetup> setAwsRole(@Valid @NotNull RoleRequest request) {
        return accounts.setRole(tenant.id(), request.roleArn());
    }

    /**
     * How many months the tenant's finished scans stay online before they go to the archive (1 to 120); null: the
     * platform's period. The retention job applies it at its next pass.
     */
    @PUT
    @Path("/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<UserView> setRetention(@Valid @NotNull RetentionRequest request) {
        return accounts.setRetention(tenant.id(), request.months()).map(UserView::of);
    }

    /** A new password, given the current one; every other session ends, and the answer is the caller's new one. */
    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TokenPair> changePassword(@Valid @NotNull PasswordChange request) {
        return accounts.changePassword(tenant.id(), request.currentPassword(), request.newPassword());
    }

    /** Deletes the account and all of its data, given its password again. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> delete(@Valid @NotNull PasswordConfirmation request) {
        return accounts.delete(tenant.id(), request.password()).map(done -> Response.noContent().build());
    }
}
