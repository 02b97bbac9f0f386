// type-graphql and TypeORM read decorator metadata through reflect-metadata.
require('reflect-metadata');
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
