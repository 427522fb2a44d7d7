import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { PageHeader } from "../../components/page-header.tsx";
import type { UpcomingSection } from "../../routes.ts";

/** A section still to be built says what it will hold, and shows no made-up data. */
export function ComingSoonPage(props: {
  readonly org: OrganizationOfUser;
  readonly section: UpcomingSection;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${props.section}`)} orgName={props.org.name} />
      <section className="card coming-soon" data-testid="coming-soon">
        <span className="badge">{t("comingSoon.badge")}</span>
        <p>{t(`comingSoon.${props.section}`)}</p>
      </section>
    </>
  );
}
