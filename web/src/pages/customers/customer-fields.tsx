import { useTranslation } from "react-i18next";
import { TextField } from "../../components/form-fields.tsx";

/** A customer's code and name, as a new customer's form and the record's editor both ask them. */
export function CodeAndNameFields(props: {
  readonly code: string;
  readonly name: string;
  readonly onCodeChange: (code: string) => void;
  readonly onNameChange: (name: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t("customers.code")}
        name="code"
        required
        maxLength={32}
        value={props.code}
        onChange={props.onCodeChange}
      />
      <TextField
        label={t("customers.name")}
        wide
        name="name"
        required
        maxLength={200}
        value={props.name}
        onChange={props.onNameChange}
      />
    </>
  );
}
