package io.clouddiagnoze.emulator.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Everything the emulated cloud holds: accounts and the roles that lead into them. Immutable. */
public final class Inventory {

    private final Map<String, Account> accounts;
    private final Map<String, Role> roles;

    Inventory(Collection<Account> accounts, Collection<Role> roles) {
        Map<String, Account> byId = new HashMap<>();
        accounts.forEach(account -> byId.put(account.id(), account));
        Map<String, Role> byArn = new HashMap<>();
        roles.forEach(role -> byArn.put(role.arn(), role));
        this.accounts = Map.copyOf(byId);
        this.roles = Map.copyOf(byArn);
    }

    public static Inventory of(Fixture fixture) {
        return new Inventory(
                fixture.accounts().stream().map(Fixture.AccountFixture::toAccount).toList(),
                fixture.accounts().stream().flatMap(account -> account.roles().stream()).toList());
    }

    /** The account's resources; an account nobody described has none. */
    public Account account(String accountId) {
        return accounts.getOrDefault(accountId, Account.empty(accountId));
    }

    public Optional<Role> role(String arn) {
        return Optional.ofNullable(roles.get(arn));
    }

    public Set<String> accountIds() {
        return new TreeSet<>(accounts.keySet());
    }

    /**
     * Adds (or replaces) a role; when {@code resources} is given, the role's account holds a copy of them,
     * replacing what it held before.
     */
    public Inventory withRole(Role role, Account resources) {
        Map<String, Account> nextAccounts = new HashMap<>(accounts);
        if (resources != null) {
            nextAccounts.put(role.accountId(), resources.copyFor(role.accountId()));
        }
        Map<String, Role> nextRoles = new HashMap<>(roles);
        nextRoles.put(role.arn(), role);
        return new Inventory(nextAccounts.values(), nextRoles.values());
    }

    public boolean hasAccount(String accountId) {
        return accounts.containsKey(accountId);
    }
}
