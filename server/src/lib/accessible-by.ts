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
      // NOT of an unknown comparison stays unknown in SQL; make the operand two-valued first.
      return eb.not(eb.fn.coalesce(toExpression(eb, (node.value as AstNode[])[0]!, subject, columns), FALSE));
  }
  const field = node.field;
  const allowed = SUBJECT_FIELDS[subject as Exclude<SubjectType, 'all'>] ?? [];
  const column = field !== undefined && allowed.includes(field) ? columns[field] : undefined;
  if (!column) throw new Error(`whereAccessible: field "${String(field)}" of ${subject} is not mapped to a column`);
  const ref = sql.ref(column);
  // CASL compares in JavaScript, where a missing value is simply "not equal": the SQL must keep
  // NULL rows wherever CASL would, so no three-valued logic may drop them.
  switch (node.operator) {
    case 'eq':
      return node.value === null ? eb(ref, 'is', null) : eb(ref, '=', node.value);
    case 'ne':
      return node.value === null ? eb(ref, 'is not', null) : eb(ref, 'is distinct from', node.value);
    case 'in': {
      const values = node.value as unknown[];
      const present = values.filter((v) => v !== null);
      const parts: Expression<SqlBool>[] = [];
      if (present.length > 0) parts.push(eb(ref, 'in', present));
      if (present.length < values.length) parts.push(eb(ref, 'is', null));
      return parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : eb.or(parts);
    }
    case 'nin': {
      const values = node.value as unknown[];
      const present = values.filter((v) => v !== null);
      if (present.length === 0) return values.length === 0 ? TRUE : eb(ref, 'is not', null);
      const notIn = eb(ref, 'not in', present);
      return present.length < values.length ? eb.and([eb(ref, 'is not', null), notIn]) : eb.or([eb(ref, 'is', null), notIn]);
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
