import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraph } from '../src/schema/build';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing a type)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
    expect((await buildSubgraph()).sdl).toBe(committed);
  });

  it('describes every type, field and argument', async () => {
    const { schema } = await buildSubgraph();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Introspection, built-in scalars and what federation adds (_Service, _Any, link__Import, ...) are not ours.
      if (/^_|__/.test(type.name) || ['String', 'Boolean', 'ID', 'Int', 'Float'].includes(type.name))
        continue;
      // The root operation types are described by their fields.
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields()).filter((field) => !field.name.startsWith('_'))) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
