// Why a server of a house (§9) refuses to start: one clear line each (main.ts), no stack trace. Apart
// from the modules that talk to NATS, so main.ts can name them without loading the NATS clients.

/** NATS could not be reached at start (or has no JetStream): the message names the URLs. */
export class NatsUnreachableError extends Error {}

/** This server was started with a setting the house has another value of: the message names the flag. */
export class HouseSettingsError extends Error {}
