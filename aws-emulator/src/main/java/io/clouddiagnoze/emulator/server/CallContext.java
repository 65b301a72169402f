package io.clouddiagnoze.emulator.server;

import io.clouddiagnoze.emulator.state.Account;

/** What a service handler knows about a call besides its input: who, in which account and region. */
public record CallContext(Caller caller, Account account, String region, String requestId) {
}
