import { useTranslation } from "react-i18next";
import { accountTypes } from "../../../../src/domain/ledger/index.ts";
import type { LedgerAccount } from "../../api/types.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { accountName } from "./ledger-format.ts";

/** `<option>`s of a chart, grouped by class (资产, 负债, …), each "code name" indented by depth. */
export function AccountOptions({ accounts }: { readonly accounts: ReadonlyArray<LedgerAccount> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const byCode = new Map(accounts.map((account) => [account.code, account]));
  const depth = (account: LedgerAccount): number => {
    let level = 0;
    let parent = account.parentCode;
    while (parent !== null && byCode.has(parent)) {
      level += 1;
      parent = byCode.get(parent)?.parentCode ?? null;
    }
    return level;
  };
  return (
    <>
      {accountTypes.map((type) => {
        const ofType = accounts.filter((account) => account.type === type);
        if (ofType.length === 0) return null;
        return (
          <optgroup key={type} label={t(`ledger.accountTypes.${type}`)}>
            {ofType.map((account) => (
              <option key={account.code} value={account.code}>
                {"\u2003".repeat(depth(account))}
                {account.code} {accountName(account, language)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
