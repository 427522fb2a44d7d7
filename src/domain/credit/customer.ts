export const customerKinds = ["company", "individual"] as const;
export type CustomerKind = (typeof customerKinds)[number];

export const contactChannels = ["phone", "email", "sms", "wechat", "visit", "letter"] as const;
export type ContactChannel = (typeof contactChannels)[number];

export const addressKinds = ["registered", "billing", "shipping", "office"] as const;
export type AddressKind = (typeof addressKinds)[number];

export const customerTagsMax = 20;
export const customerTagLengthMax = 30;
