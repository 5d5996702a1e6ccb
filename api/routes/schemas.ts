/** JSON schemas shared by the routes (params, query strings, bodies); they also make the OpenAPI document. */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, description: '编号 / the id' } },
  required: ['id'],
} as const;

export const entityParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, description: '轮次或运行编号 / the round or run id' }, entityId: { type: 'string', minLength: 1, maxLength: 200, description: '实体编码（地区代码、统一社会信用代码等）/ the entity id (division code, credit code …)' } },
  required: ['id', 'entityId'],
} as const;

export const label = {
  type: 'object',
  properties: { zh: { type: 'string', minLength: 1, maxLength: 200 }, en: { type: 'string', maxLength: 200 } },
  required: ['zh'],
  additionalProperties: false,
} as const;

export const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const reason = { type: 'string', maxLength: 2000 } as const;

export interface IdParams {
  id: number;
}

export interface EntityParams {
  id: number;
  entityId: string;
}
