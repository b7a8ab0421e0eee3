// A typed client for the queue screen: the generated types fix every variable and every
// field read below, so a change to schema.graphql that breaks this screen fails `tsc`.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  type CaseFilter,
  type CaseStatus,
  type Language,
  LabelsDocument,
  MyQueueDocument,
  type QueueRowFragment,
  WorklistDocument,
  type WorklistQuery,
  type WorklistQueryVariables,
} from "../generated/graphql";

/** Where the API is, whose token to send, and in which language to be answered. */
export interface Connection {
  url: string;
  token: string;
  language?: string;
}

/** One error of a GraphQL response; `extensions.code` is stable, the message is not. */
export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string; retryable?: boolean };
}

/** Raised when the response carries errors instead of data. */
export class RequestFailed extends Error {
  constructor(readonly codes: string[]) {
    super(`the API answered ${codes.join(", ")}`);
  }
}

type Persisted = { __meta__?: { hash?: string } };

/**
 * Runs a generated document by its SHA-256 alone (a trusted document of the manifest that
 * graphql-codegen wrote), so the request carries no query text.
 */
export async function request<Result, Variables>(
  connection: Connection,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const hash = (document as Persisted).__meta__?.hash;
  if (hash === undefined) throw new Error("documents are generated with persistedDocuments");
  const response = await fetch(connection.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json",
      Authorization: `Bearer ${connection.token}`,
      "Accept-Language": connection.language ?? "uz-Latn",
    },
    body: JSON.stringify({ documentId: `sha256:${hash}`, variables }),
  });
  const body = (await response.json()) as { data?: Result | null; errors?: GraphQLErrorEntry[] };
  if (body.errors?.length || body.data == null) {
    throw new RequestFailed((body.errors ?? []).map((e) => e.extensions?.code ?? "UNKNOWN"));
  }
  return body.data;
}

/** The caller's own queue: open cases, the soonest due visit first. */
export async function myQueue(connection: Connection): Promise<QueueRowFragment[]> {
  return (await request(connection, MyQueueDocument, { first: 20 })).myQueue;
}

/** Every page of a worklist, following the cursors, with the count the first page gave. */
export async function wholeWorklist(
  connection: Connection,
  filter: CaseFilter,
  orderBy: WorklistQueryVariables["orderBy"] = "DUE_DATE",
): Promise<{ totalCount: number; rows: QueueRowFragment[] }> {
  const rows: QueueRowFragment[] = [];
  let totalCount = 0;
  let after: string | null = null;
  do {
    const { cases }: WorklistQuery = await request(connection, WorklistDocument, {
      filter,
      orderBy,
      first: 100,
      after,
    });
    totalCount = cases.totalCount;
    rows.push(...cases.nodes);
    after = cases.pageInfo.hasNextPage ? (cases.pageInfo.endCursor ?? null) : null;
  } while (after !== null);
  return { totalCount, rows };
}

/** The names of the case statuses in one language, fetched once and kept. */
export async function statusNames(
  connection: Connection,
  language: Language,
): Promise<Map<CaseStatus, string>> {
  const { labels } = await request(connection, LabelsDocument, { language, enum: "CaseStatus" });
  return new Map(labels.map((entry) => [entry.value as CaseStatus, entry.label]));
}

/** One line of the overdue list, as the queue screen shows it. */
export function queueLine(row: QueueRowFragment, names: Map<CaseStatus, string>): string {
  const due = row.visitDueOn ?? "—";
  const status = names.get(row.status) ?? row.status;
  const waiting = row.pendingApproval ? ` (${row.pendingApproval.kind})` : "";
  return `${row.child.fullName}, ${row.child.ageYears}: ${status}${waiting}, due ${due}`;
}

/** The overdue visits of one caseworker, soonest due first. */
export async function overdueLines(connection: Connection, caseworker: string): Promise<string[]> {
  const names = await statusNames(connection, "RU");
  const { rows } = await wholeWorklist(connection, { caseworker, overdue: true });
  return rows.map((row) => queueLine(row, names));
}
