export * from './bodies.js';
export { journey, type JourneyCommand } from './journey.js';
export { httpCommand, httpOrganisation, type CommandRole, type HttpCommand } from './http.js';
export { JourneyDecider, type DecidedEvent, type JourneyDeciderOptions } from './decider-run.js';
