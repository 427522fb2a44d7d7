import type { OrganizationOfUser } from "../../api/types.ts";
import { can, useSession } from "../../session.ts";
import { useMembers } from "../credit/credit-queries.ts";

export interface Person {
  readonly userId: string;
  readonly displayName: string;
}

/**
 * The people a collections record may name (a dispute's owner): every member when the members may
 * be read (members.read), else oneself. `nameOf` gives a person's name, or null for someone the
 * list does not hold (a collector cannot read the members).
 */
export function usePeople(org: OrganizationOfUser): {
  readonly people: ReadonlyArray<Person>;
  readonly me: Person | null;
  readonly nameOf: (userId: string) => string | null;
} {
  const session = useSession();
  const user = session.data?.user;
  const members = useMembers(org.orgId, can(org, "members.read"));
  const me = user === undefined ? null : { userId: user.userId, displayName: user.displayName };
  const people: ReadonlyArray<Person> = members.data?.items ?? (me === null ? [] : [me]);
  return {
    people,
    me,
    nameOf: (userId) =>
      people.find((person) => person.userId === userId)?.displayName ??
      (me !== null && me.userId === userId ? me.displayName : null),
  };
}
