export * from './formats.js';
export * from './tiers.js';
export { passportUrn, batteryPassIdentifier } from './passport-identity.js';
export * from './passport-facts.js';
export * from './passport-subject.js';
export { DATA_POINTS, dataPointKey, type DataPoint, type FieldWrite, type PointValue } from './data-points.js';
export * from './passport-exports.js';
export { PassportSchemas, bundledSchemaDirectory, bundledPassportSchemas } from './schema-validator.js';
export { readPassportSchemas, readJsonFile, type PassportSchemaSet } from './schema-files.js';
