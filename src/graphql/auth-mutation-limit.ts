// One auth mutation per request (SPEC: counts must not be outrun): a document with aliased
// copies, say 100 verifyOtp, is refused at validation, before any of them runs.
import { Kind, OperationTypeNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DocumentLimitError } from './limits.ts';

export function singleAuthMutationRule(authMutations: readonly string[]): ValidationRule {
  const names = new Set(authMutations);
  return (context) => {
    function countAuthFields(selectionSet: SelectionSetNode, seenFragments: Set<string>): number {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (names.has(selection.name.value)) count += 1;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count += countAuthFields(selection.selectionSet, seenFragments);
        } else if (!seenFragments.has(selection.name.value)) {
          seenFragments.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count += countAuthFields(fragment.selectionSet, seenFragments);
        }
      }
      return count;
    }
    return {
      OperationDefinition(operation) {
        if (operation.operation !== OperationTypeNode.MUTATION) return;
        if (countAuthFields(operation.selectionSet, new Set()) <= 1) return;
        context.reportError(
          // A request error, 400 under either Accept type (src/graphql/response-status.ts).
          new DocumentLimitError(`A request may carry at most one of: ${authMutations.join(', ')}`, {
            nodes: [operation],
            code: 'BAD_USER_INPUT',
          }),
        );
      },
    };
  };
}

export function useSingleAuthMutation(authMutations: readonly string[]): Plugin {
  const rule = singleAuthMutationRule(authMutations);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
