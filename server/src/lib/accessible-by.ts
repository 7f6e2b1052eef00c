import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { rulesToAST } from '@casl/ability/extra';
import type { AppAbility } from '@mandate/authz/define-ability';
import { SUBJECT_FIELDS, type Action, type SubjectType } from '@mandate/authz/subjects';

/** Maps a subject's rule fields to the SQL columns of the query at hand, e.g. { customerId: 'm.customer_id' }. */
export type ColumnMap = Readonly<Record<string, string>>;

interface AstNode {
  operator: string;
  value: unknown;
  field?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

function toExpression(eb: AnyEb, node: AstNode, subject: SubjectType, columns: ColumnMap): Expression<SqlBool> {
  switch (node.operator) {
    case 'and':
    case 'or': {
      const parts = (node.value as AstNode[]).map((child) => toExpression(eb, child, subject, columns));
      if (parts.length === 0) return node.operator === 'and' ? TRUE : FALSE;
      return node.operator === 'and' ? eb.and(parts) : eb.or(parts);
    }
    case 'not':
      return eb.not(toExpression(eb, (node.value as AstNode[])[0]!, subject, columns));
  }
  const field = node.field;
  const allowed = SUBJECT_FIELDS[subject as Exclude<SubjectType, 'all'>] ?? [];
  const column = field !== undefined && allowed.includes(field) ? columns[field] : undefined;
  if (!column) throw new Error(`whereAccessible: field "${String(field)}" of ${subject} is not mapped to a column`);
  const ref = sql.ref(column);
  switch (node.operator) {
    case 'eq':
      return node.value === null ? eb(ref, 'is', null) : eb(ref, '=', node.value);
    case 'ne':
      return node.value === null ? eb(ref, 'is not', null) : eb(ref, '<>', node.value);
    case 'in': {
      const values = node.value as unknown[];
      return values.length === 0 ? FALSE : eb(ref, 'in', values);
    }
    case 'nin': {
      const values = node.value as unknown[];
      return values.length === 0 ? TRUE : eb(ref, 'not in', values);
    }
    default:
      throw new Error(`whereAccessible: operator "${node.operator}" is not supported`);
  }
}

/**
 * The SQL form of the same CASL rules the server checks (DESIGN.md §2): a Kysely where-callback
 * that keeps exactly the rows `ability` permits for `action` on `subject`. No rule → matches nothing.
 * Only whitelisted fields (SUBJECT_FIELDS) and operators (eq, ne, in, nin, and, or, not) translate.
 */
export function whereAccessible(ability: AppAbility, action: Action, subject: SubjectType, columns: ColumnMap) {
  const ast = rulesToAST(ability, action, subject) as AstNode | null;
  return (eb: AnyEb): Expression<SqlBool> => (ast === null ? FALSE : toExpression(eb, ast, subject, columns));
}
