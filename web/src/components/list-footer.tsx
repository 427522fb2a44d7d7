import { useTranslation } from "react-i18next";

/** Under a keyset-paged list: how many rows are shown, and "Load more" while there are more. */
export function ListFooter(props: {
  readonly count: number;
  readonly hasNextPage: boolean;
  readonly fetchingNextPage: boolean;
  readonly onMore: () => void;
}) {
  const { t } = useTranslation();
  if (props.count === 0) return null;
  return (
    <div className="table-footer">
      <span className="muted">
        {props.hasNextPage
          ? t("common.shownSoFar", { count: props.count })
          : t("common.allLoaded", { count: props.count })}
      </span>
      {props.hasNextPage && (
        <button type="button" className="button" onClick={props.onMore} disabled={props.fetchingNextPage}>
          {props.fetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
        </button>
      )}
    </div>
  );
}
