/**
 * Hands each fact only to the folds that use its kind (RowFold.kinds): in a run of a million jobs a
 * fold such as jobs.csv's, which reads RunEnded alone, is otherwise called six million times for
 * nothing.
 */
import { FACT_KINDS, type Fact, factKindIndex } from "../sim/index.ts";
import type { RowFold } from "./jobs-csv.ts";

/** Per kind of fact (in FACT_KINDS order), the folds that take it, in the order given. */
export type FoldRoutes = readonly (readonly RowFold[])[];

export function foldRoutes(folds: readonly RowFold[]): FoldRoutes {
  return FACT_KINDS.map((kind) => folds.filter((fold) => fold.kinds?.includes(kind) ?? true));
}

/** Hands `fact` to the folds of its kind, in order; returns its kind's factKindIndex(). */
export function routeFact(routes: FoldRoutes, fact: Fact): number {
  const kind = factKindIndex(fact.kind);
  const folds = routes[kind]!;
  for (let i = 0; i < folds.length; i++) folds[i]!.onFact(fact);
  return kind;
}
