/**
 * What is wrong with a form as submitted, field by field, in the order the fields appear: the
 * first unmet rule of each (rules only the server can check are left to it). The form shows
 * these in an error summary and under the fields, and moves focus to the first one (the GOV.UK
 * error-summary pattern).
 */
import type { Rule } from "../../../api/users/schemas.ts";

export type Check = {
  /** The input's `name`. */
  name: string;
  value: string;
  /** Said when the field is empty, e.g. "Enter your email address." */
  required?: string;
  rules?: Rule[];
};

export type Problem = { name: string; message: string };

export function formProblems(checks: Check[]): Problem[] {
  const problems: Problem[] = [];
  for (const { name, value, required, rules = [] } of checks) {
    if (required !== undefined && value.trim().length === 0) {
      problems.push({ name, message: required });
      continue;
    }
    const broken = rules.find((rule) => !rule.serverOnly && !rule.test(value));
    if (broken) problems.push({ name, message: broken.message });
  }
  return problems;
}
