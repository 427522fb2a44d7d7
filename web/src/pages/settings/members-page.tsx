import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { roles } from "../../../../src/domain/access/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Member, OrganizationOfUser, Role, SessionView } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatInstantDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can, sessionKey } from "../../session.ts";

function isRole(value: string): value is Role {
  return (roles as ReadonlyArray<string>).includes(value);
}

interface MembersResponse {
  readonly items: ReadonlyArray<Member>;
}

interface NewMember {
  readonly email: string;
  readonly role: Role;
  readonly displayName?: string;
  readonly password?: string;
}

function AddMemberForm(props: { readonly orgId: string; readonly onAdded: (member: Member) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("auditor");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");

  const add = useMutation({
    mutationFn: (input: NewMember) => api.post<Member>(orgPath(props.orgId, "members"), input),
    onSuccess: (member) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.members(props.orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      setEmail("");
      setDisplayName("");
      setPassword("");
      props.onAdded(member);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    add.mutate({
      email: email.trim(),
      role,
      ...(displayName.trim() === "" ? {} : { displayName: displayName.trim() }),
      ...(password === "" ? {} : { password }),
    });
  }

  return (
    <section className="card" aria-labelledby="add-member-title">
      <h2 id="add-member-title">{t("members.addTitle")}</h2>
      <p className="muted">{t("members.addHint")}</p>
      <ErrorMessage error={add.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="add-member-form">
        <label className="field field-wide">
          <span>{t("members.email")}</span>
          <input
            type="email"
            name="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("members.role")}</span>
          <select
            name="role"
            value={role}
            onChange={(e) => {
              if (isRole(e.target.value)) setRole(e.target.value);
            }}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>
            {t("members.displayName")} <span className="field-note">({t("members.newUserOnly")})</span>
          </span>
          <input
            name="displayName"
            autoComplete="off"
            maxLength={200}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>
            {t("members.initialPassword")} <span className="field-note">({t("members.newUserOnly")})</span>
          </span>
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            maxLength={200}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {add.isPending ? t("members.adding") : t("members.add")}
          </button>
        </div>
      </form>
    </section>
  );
}

export function MembersPage(props: { readonly org: OrganizationOfUser; readonly session: SessionView }) {
  const { t } = useTranslation();
  const { org } = props;
  const queryClient = useQueryClient();
  const manage = can(org, "members.manage");
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const language = currentLanguage();

  const members = useQuery({
    queryKey: queryKeys.members(org.orgId),
    queryFn: () => api.get<MembersResponse>(orgPath(org.orgId, "members")),
  });

  function afterChange(): void {
    void queryClient.invalidateQueries({ queryKey: queryKeys.members(org.orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
    // One's own role may have changed, and with it what this session may do.
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  }

  const changeRole = useMutation({
    mutationFn: (input: { readonly member: Member; readonly role: Role }) =>
      api.patch<Member>(orgPath(org.orgId, "members", input.member.userId), { role: input.role }),
    onMutate: () => setNotice(null),
    onSuccess: (member) => {
      setNotice(t("members.roleChanged", { name: member.displayName, role: t(`roles.${member.role}`) }));
      afterChange();
    },
  });

  const remove = useMutation({
    mutationFn: (member: Member) => api.delete<undefined>(orgPath(org.orgId, "members", member.userId)),
    onMutate: () => setNotice(null),
    onSuccess: (_result, member) => {
      setRemoving(null);
      setNotice(t("members.removed", { name: member.displayName }));
      afterChange();
    },
  });

  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={changeRole.error} />
      <ErrorMessage error={members.error} />
      {members.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">{t("members.name")}</th>
                <th scope="col">{t("members.email")}</th>
                <th scope="col">{t("members.role")}</th>
                <th scope="col">{t("members.memberSince")}</th>
                {manage && (
                  <th scope="col" className="cell-actions">
                    {t("members.actions")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {(members.data?.items ?? []).map((member) => {
                const isSelf = member.userId === props.session.user.userId;
                const pending = changeRole.isPending && changeRole.variables?.member.userId === member.userId;
                return (
                  <tr key={member.userId} data-email={member.email}>
                    <td>
                      {member.displayName}
                      {isSelf && <span className="tag">{t("members.you")}</span>}
                    </td>
                    <td>{member.email}</td>
                    <td>
                      {manage ? (
                        <select
                          aria-label={t("members.roleOf", { name: member.displayName })}
                          value={pending ? (changeRole.variables?.role ?? member.role) : member.role}
                          disabled={pending}
                          onChange={(e) => {
                            if (isRole(e.target.value)) changeRole.mutate({ member, role: e.target.value });
                          }}
                        >
                          {roles.map((r) => (
                            <option key={r} value={r}>
                              {t(`roles.${r}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`roles.${member.role}`)
                      )}
                    </td>
                    <td>{formatInstantDate(member.memberSince, org.timeZone, language)}</td>
                    {manage && (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => {
                            remove.reset();
                            setRemoving(member);
                          }}
                        >
                          {t("members.remove")}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <AddMemberForm
          orgId={org.orgId}
          onAdded={(member) =>
            setNotice(t("members.added", { name: member.displayName, role: t(`roles.${member.role}`) }))
          }
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("members.removeTitle")}
        question={t("members.removeQuestion", { name: removing?.displayName ?? "" })}
        consequence={t("members.removeConsequence")}
        confirmLabel={t("members.remove")}
        pendingLabel={t("members.removing")}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (removing !== null) remove.mutate(removing);
        }}
        onCancel={() => setRemoving(null)}
      />
    </>
  );
}
