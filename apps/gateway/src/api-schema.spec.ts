import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';

/** Every type, field, argument, input field and enum value of the API that has no description. */
export function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    if (!type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the API schema documents itself', () => {
  test('every type, field, argument, input field and enum value of schema/api.graphql has a description', () => {
    const api = buildSchema(readFileSync(join(__dirname, '../../../schema/api.graphql'), 'utf8'));
    expect(undescribed(api)).toEqual([]);
  });

  test('the check finds what lacks a description', () => {
    const schema = buildSchema(`
      """Reads."""
      type Query {
        """A thing."""
        thing(id: ID!): Thing
      }
      """A thing."""
      type Thing { """Its id.""" id: ID! name: String }
      """Kinds."""
      enum Kind { """A.""" A B }
      input Filter { """Some.""" some: String }
    `);
    expect(undescribed(schema)).toEqual(['Query.thing(id:)', 'Thing.name', 'Kind.B', 'Filter']);
  });
});
