import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { AppAbility } from '@mandate/authz/define-ability';
import { SUBJECT_FIELDS, type Action, type SubjectType } from '@mandate/authz/subjects';

/**
 * Maps a subject's rule fields to the SQL columns of the query at hand, e.g. { customerId: 'm.customer_id' },
 * or to an expression when the value is derived (a usage record's end user is the SIM's holder at its time).
 */
export type ColumnMap = Readonly<Record<string, string | Expression<unknown>>>;

interface AstNode {
  operator: string;
  value: unknown;
  field?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/** The column references of one translation, made once per column (Kysely's nodes are immutable, so they can be shared). */
type Refs = Map<string, ReturnType<typeof sql.ref>>;

function columnRef(refs: Refs, column: string): ReturnType<typeof sql.ref> {
  let ref = refs.get(column);
  if (!ref) refs.set(column, (ref = sql.ref(column)));
  return ref;
}

function toExpression(eb: AnyEb, node: AstNode, subject: SubjectType, columns: ColumnMap, refs: Refs): Expression<SqlBool> {
  switch (node.operator) {
    case 'and':
    case 'or': {
      const parts = (node.value as AstNode[]).map((child) => toExpression(eb, child, subject, columns, refs));
      if (parts.length === 0) return node.operator === 'and' ? TRUE : FALSE;
      return node.operator === 'and' ? eb.and(parts) : eb.or(parts);
    }
    case 'not':
      // NOT of an unknown comparison stays unknown in SQL; make the operand two-valued first.
      return eb.not(eb.fn.coalesce(toExpression(eb, (node.value as AstNode[])[0]!, subject, columns, refs), FALSE));
  }
  const field = node.field;
  const allowed = SUBJECT_FIELDS[subject as Exclude<SubjectType, 'all'>] ?? [];
  const column = field !== undefined && allowed.includes(field) ? columns[field] : undefined;
  if (!column) throw new Error(`whereAccessible: field "${String(field)}" of ${subject} is not mapped to a column`);
  const ref = typeof column === 'string' ? columnRef(refs, column) : column;
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

/** An and/or of `nodes`, flattened and without a wrapper around a single node, as CASL builds it. */
function compound(operator: 'and' | 'or', nodes: AstNode[]): AstNode {
  if (nodes.length === 1) return nodes[0]!;
  const flat: AstNode[] = [];
  for (const node of nodes) {
    if (node.operator === operator) flat.push(...(node.value as AstNode[]));
    else flat.push(node);
  }
  return { operator, value: flat };
}

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && (value as object).constructor === Object && Object.keys(value).some((k) => k.startsWith('$'));

/**
 * One rule's conditions as a condition tree, as CASL's mongo parser reads them: each field is an
 * equality, or one node per `$operator` of its value; several make an `and`. `$and`/`$or` at the
 * top take lists of such objects. Unknown operators come out as nodes toExpression refuses.
 */
function conditionsAst(conditions: Record<string, unknown>): AstNode {
  const nodes: AstNode[] = [];
  for (const key of Object.keys(conditions)) {
    const value = conditions[key];
    if (key === '$and' || key === '$or') {
      nodes.push(compound(key === '$and' ? 'and' : 'or', (value as Record<string, unknown>[]).map(conditionsAst)));
    } else if (key.startsWith('$')) {
      nodes.push({ operator: key.slice(1), value });
    } else if (isOperatorObject(value)) {
      for (const operator of Object.keys(value)) {
        if (!operator.startsWith('$')) throw new Error(`whereAccessible: operator "${operator}" is not supported`);
        nodes.push({ operator: operator.slice(1), value: value[operator], field: key });
      }
    } else {
      nodes.push({ operator: 'eq', value, field: key });
    }
  }
  return nodes.length === 1 ? nodes[0]! : { operator: 'and', value: nodes };
}

/**
 * The condition tree of what `ability` allows for `action` on `subject`, by the rules of CASL's
 * rulesToQuery/rulesToAST: the allowing rules' conditions joined by `or`, each `cannot` a `not`
 * in an enclosing `and`; an unconditional `can` ends the list (everything, less the cannots seen
 * so far), an unconditional `cannot` too. null: nothing is allowed. Read from the rules' own
 * conditions rather than through rulesToAST, which compiles a JavaScript matcher for every rule
 * first: this runs for every list request, on an ability built for that request.
 */
function accessAst(ability: AppAbility, action: Action, subject: SubjectType): AstNode | null {
  const and: AstNode[] = [];
  const or: AstNode[] = [];
  for (const rule of ability.rulesFor(action, subject)) {
    const conditions = rule.conditions as Record<string, unknown> | undefined;
    if (!conditions) {
      if (rule.inverted) break;
      return compound('and', and.length > 0 ? and : [{ operator: 'and', value: [] }]);
    }
    const node = conditionsAst(conditions);
    if (rule.inverted) and.push({ operator: 'not', value: [node] });
    else or.push(node);
  }
  if (or.length === 0) return null;
  if (and.length === 0) return compound('or', or);
  and.push(compound('or', or));
  return compound('and', and);
}

/**
 * The SQL form of the same CASL rules the server checks (DESIGN.md §2): a Kysely where-callback
 * that keeps exactly the rows `ability` permits for `action` on `subject`. No rule → matches nothing.
 * Only whitelisted fields (SUBJECT_FIELDS) and operators (eq, ne, in, nin, and, or, not) translate.
 */
export function whereAccessible(ability: AppAbility, action: Action, subject: SubjectType, columns: ColumnMap) {
  const ast = accessAst(ability, action, subject);
  return (eb: AnyEb): Expression<SqlBool> => (ast === null ? FALSE : toExpression(eb, ast, subject, columns, new Map()));
}
