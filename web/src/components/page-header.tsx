import type { ReactNode } from "react";

/** The title of a page, under the organization it belongs to. */
export function PageHeader(props: {
  readonly title: string;
  readonly orgName: string;
  readonly actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <p className="page-org" data-testid="org-name">
          {props.orgName}
        </p>
        <h1>{props.title}</h1>
      </div>
      {props.actions !== undefined && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}
