import { z } from 'zod';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

const yuan = z.string().regex(/^\d+\.\d{2}$/, 'an amount in yuan with two decimals');

/**
 * The messages the after-sales workflows send a buyer, in zh-CN (the default) and en. Each says what
 * happened, what comes next and when, politely (DOMAIN.md, "Handling a complaint well"); `{{name}}` is
 * filled from the validated variables.
 */
export const templates = {
  'aftersale.received': {
    variables: z.object({ orderId: z.string(), dueAt: z.string() }),
    'zh-CN': '您好，您的订单 {{orderId}} 的售后申请我们已收到，请您放心，我们会在 {{dueAt}} 前给您答复。感谢您的耐心！',
    en: 'Hello, we have received your after-sales request for order {{orderId}}. Rest assured, we will answer you by {{dueAt}}. Thank you for your patience!',
  },
  'aftersale.agreed': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，您的订单 {{orderId}} 的售后申请已同意，我们会尽快为您处理，感谢您的理解。',
    en: 'Hello, your after-sales request for order {{orderId}} has been approved. We will handle it for you right away. Thank you for your understanding.',
  },
  'aftersale.rejected': {
    variables: z.object({ orderId: z.string(), reason: z.string() }),
    'zh-CN': '您好，非常抱歉，您的订单 {{orderId}} 的售后申请未能通过：{{reason}}。如有疑问，请随时联系我们，我们会尽力帮助您。',
    en: 'Hello, we are sorry: your after-sales request for order {{orderId}} could not be accepted ({{reason}}). If you have any question, please contact us; we will do our best to help.',
  },
  'aftersale.refunded': {
    variables: z.object({ orderId: z.string(), amount: yuan }),
    'zh-CN': '您好，订单 {{orderId}} 的退款 ¥{{amount}} 已原路退回，请注意查收。感谢您的支持！',
    en: 'Hello, the refund of ¥{{amount}} for order {{orderId}} has been sent back to your original payment method. Thank you for your support!',
  },
  'aftersale.return_instructions': {
    variables: z.object({ orderId: z.string(), dueAt: z.string(), shipping: z.string(), alsoReturn: z.string() }),
    'zh-CN': '您好，您的订单 {{orderId}} 的售后申请已同意。请您在 {{dueAt}} 前寄回商品{{alsoReturn}}，并填写退货单号。运费说明：{{shipping}}。我们收到后会尽快为您处理，感谢您的配合！',
    en: 'Hello, your after-sales request for order {{orderId}} has been approved. Please send the items back{{alsoReturn}} by {{dueAt}} and enter the tracking number. Return shipping: {{shipping}}. We will handle it as soon as the parcel arrives. Thank you!',
  },
  'aftersale.store_rejected': {
    variables: z.object({ orderId: z.string(), reason: z.string(), dueAt: z.string() }),
    'zh-CN': '您好，非常抱歉，您的订单 {{orderId}} 的售后申请暂未通过：{{reason}}。我理解您的心情，您可以在 {{dueAt}} 前修改申请，或申请平台介入，我们会尽力帮助您。',
    en: 'Hello, we are sorry: your after-sales request for order {{orderId}} was not approved ({{reason}}). We understand how you feel. You may revise the request or ask the platform to step in by {{dueAt}}; we will do our best to help.',
  },
  'aftersale.escalated': {
    variables: z.object({ orderId: z.string(), dueAt: z.string() }),
    'zh-CN': '您好，您的订单 {{orderId}} 的售后申请已提交平台介入，平台会在 {{dueAt}} 前给出处理结果，请您放心。',
    en: 'Hello, the platform has been asked to step in on your after-sales request for order {{orderId}}. Rest assured, it will rule by {{dueAt}}.',
  },
  'aftersale.replacement_shipped': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，订单 {{orderId}} 的换货商品已为您发出，请注意查收。感谢您的耐心！',
    en: 'Hello, the replacement for order {{orderId}} is on its way to you. Thank you for your patience!',
  },
  'aftersale.expired': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，由于超过寄回期限未收到退货单号，订单 {{orderId}} 的售后申请已关闭。如仍需帮助，请随时联系我们。',
    en: 'Hello, the after-sales request for order {{orderId}} was closed because no return was sent in time. If you still need help, please contact us at any time.',
  },
  'aftersale.withdrawn': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，您已撤销订单 {{orderId}} 的售后申请。感谢您的支持，如有需要请随时联系我们！',
    en: 'Hello, your after-sales request for order {{orderId}} has been withdrawn as you asked. Thank you, and please contact us whenever you need.',
  },
  'complaint.received': {
    variables: z.object({ dueAt: z.string() }),
    'zh-CN': '您好，非常抱歉给您带来不便，我理解您的心情。您的反馈我们已收到，会认真核实，并在 {{dueAt}} 前给您答复，请您放心。',
    en: 'Hello, we are sorry for the trouble and we understand how you feel. We have received your feedback, will look into it carefully, and will answer you by {{dueAt}}. Rest assured.',
  },
  'complaint.reply': {
    variables: z.object({ message: z.string() }),
    'zh-CN': '您好，{{message}}',
    en: 'Hello, {{message}}',
  },
  'bulk.terminated': {
    variables: z.object({ orderId: z.string(), reason: z.string() }),
    'zh-CN': '您好，非常抱歉，经审核，订单 {{orderId}} 暂时无法为您发货：{{reason}}。款项将原路退回，给您带来不便，敬请谅解。',
    en: 'Hello, we are sorry: after review, order {{orderId}} cannot be shipped ({{reason}}). The payment will go back to you; we apologise for the trouble.',
  },
  'bulk.terms_agreed': {
    variables: z.object({ orderId: z.string(), amountDue: yuan, discount: yuan }),
    'zh-CN': '您好，订单 {{orderId}} 已确认，优惠 ¥{{discount}}，应付金额 ¥{{amountDue}}。我们会尽快为您安排发货，感谢您的信任！',
    en: 'Hello, order {{orderId}} is confirmed with a discount of ¥{{discount}}; the amount due is ¥{{amountDue}}. We will ship it soon. Thank you for your trust!',
  },
  'perk.granted': {
    variables: z.object({ orderId: z.string(), what: z.string() }),
    'zh-CN': '您好，您为订单 {{orderId}} 申请的{{what}}已为您安排，感谢您的支持！',
    en: 'Hello, the {{what}} you asked for with order {{orderId}} has been arranged. Thank you for your support!',
  },
  'perk.refused': {
    variables: z.object({ orderId: z.string(), what: z.string() }),
    'zh-CN': '您好，非常抱歉，订单 {{orderId}} 的{{what}}申请这次未能满足，感谢您的理解，如有疑问请随时联系我们。',
    en: 'Hello, we are sorry: the {{what}} for order {{orderId}} could not be arranged this time. Thank you for your understanding; please contact us with any question.',
  },
  'invoice.issued': {
    variables: z.object({ orderId: z.string(), title: z.string(), amount: yuan, delivery: z.string() }),
    'zh-CN': '您好，订单 {{orderId}} 的发票（抬头：{{title}}，金额 ¥{{amount}}）已开具，{{delivery}}。感谢您的支持！',
    en: 'Hello, the invoice for order {{orderId}} (title: {{title}}, ¥{{amount}}) has been issued; {{delivery}}. Thank you for your support!',
  },
  'invoice.confirm_receipt': {
    variables: z.object({ orderId: z.string(), dueAt: z.string() }),
    'zh-CN': '您好，请问订单 {{orderId}} 的发票您收到了吗？请在 {{dueAt}} 前确认，如未收到请告诉我们，我们会尽快为您处理。',
    en: 'Hello, has the invoice for order {{orderId}} reached you? Please confirm by {{dueAt}}; if it has not, tell us and we will handle it for you right away.',
  },
  'invoice.voided': {
    variables: z.object({ orderId: z.string(), next: z.string() }),
    'zh-CN': '您好，因订单 {{orderId}} 已退款，原发票已作废（红字冲销）{{next}}。感谢您的理解！',
    en: 'Hello, as order {{orderId}} was refunded, its invoice has been cancelled with a red-letter reversal{{next}}. Thank you for your understanding!',
  },
  'invoice.request_refused': {
    variables: z.object({ orderId: z.string(), reason: z.string() }),
    'zh-CN': '您好，非常抱歉，订单 {{orderId}} 的开票申请未能受理：{{reason}}。如有疑问，请随时联系我们，我们会尽力帮助您。',
    en: 'Hello, we are sorry: the invoice request for order {{orderId}} could not be taken ({{reason}}). If you have any question, please contact us; we will do our best to help.',
  },
  // The daily sweep's messages (DOMAIN.md, "In-sale watch"): confirming the address is the payment reminder that works.
  'order.payment_reminder': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，您在本店的订单 {{orderId}} 还未付款。麻烦您确认一下收货地址是否正确，确认无误后完成付款，我们会尽快为您发货。感谢您的支持！',
    en: 'Hello, your order {{orderId}} is not paid yet. Could you please check that the delivery address is right? Once you have paid, we will ship it right away. Thank you!',
  },
  'order.parcel_delayed': {
    variables: z.object({ orderId: z.string(), carrier: z.string(), trackingNo: z.string() }),
    'zh-CN': '您好，非常抱歉让您久等了。您的订单 {{orderId}} 的包裹（{{carrier}} {{trackingNo}}）物流信息暂时没有更新，我们已在联系快递公司核实，会尽快给您答复，请您放心。',
    en: 'Hello, sorry for the wait. The tracking of your order {{orderId}} ({{carrier}} {{trackingNo}}) has not moved for a while; we are checking with the carrier and will get back to you soon. Rest assured.',
  },
  'order.receipt_extended': {
    variables: z.object({ orderId: z.string(), days: z.string().regex(/^[1-9]\d*$/, 'a whole number of days') }),
    'zh-CN': '您好，您的订单 {{orderId}} 的包裹仍在运输途中，我们已为您延长确认收货时间 {{days}} 天，请您放心等待。感谢您的耐心！',
    en: 'Hello, the parcel of your order {{orderId}} is still on its way, so we have given you {{days}} more days to confirm receipt. Thank you for your patience!',
  },
  'order.confirm_receipt': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，您的订单 {{orderId}} 已签收。如商品无误，请您确认收货；如有任何问题，请随时联系我们，我们会尽力帮助您。',
    en: 'Hello, your order {{orderId}} has been delivered. If everything is fine, please confirm receipt; if anything is wrong, please contact us and we will do our best to help.',
  },
  // Membership (DOMAIN.md, "Keeping customers"): a tier recomputed from spend, up or down, is told once per change.
  'membership.tier_changed': {
    variables: z.object({
      tierName: z.string().min(1).max(40),
      benefit: z.union([z.literal(''), z.string().max(200).regex(/[1-9]\d?%/, 'the discount with its percent')]),
    }),
    'zh-CN': '您好，感谢您一直以来的支持！您在本店的会员等级已更新为「{{tierName}}」{{benefit}}。如有任何问题，请随时联系我们，我们会尽力帮助您。',
    en: 'Hello, thank you for your continued support! Your membership level at our store is now "{{tierName}}"{{benefit}}. If you have any question, please contact us; we will do our best to help.',
  },
  // Revisit campaigns (DOMAIN.md, "Keeping customers"). `offer` is a rendered `campaign.coupon` or empty; marketing
  // messages end with the `campaign.opt_out` line.
  'campaign.care_revisit': {
    variables: z.object({ orderId: z.string(), days: z.string().regex(/^[1-9]\d*$/, 'a whole number of days') }),
    'zh-CN': '您好，您订单 {{orderId}} 的商品已经收到 {{days}} 天了，使用得还满意吗？如有任何使用上的问题，请随时联系我们，我们会尽力帮助您。',
    en: 'Hello, your order {{orderId}} arrived {{days}} days ago: how are you finding it? If you have any question about using it, please contact us; we will do our best to help.',
  },
  'campaign.satisfaction': {
    variables: z.object({ orderId: z.string() }),
    'zh-CN': '您好，感谢您的耐心！关于订单 {{orderId}} 的售后问题，请问解决得满意吗？请回复 1 到 5 分为我们的服务打分（5 分为非常满意），我们会认真改进。',
    en: 'Hello, thank you for your patience! Was the after-sales matter of order {{orderId}} solved to your satisfaction? Please reply with a score from 1 to 5 (5 is very satisfied); we will take it to heart.',
  },
  'campaign.birthday': {
    variables: z.object({ offer: z.string() }),
    'zh-CN': '您好，祝您生日快乐！感谢您一直以来对本店的支持。{{offer}}',
    en: 'Hello, happy birthday! Thank you for your support all along.{{offer}}',
  },
  'campaign.holiday': {
    variables: z.object({ holiday: z.string().min(1), offer: z.string() }),
    'zh-CN': '您好，{{holiday}}快乐！感谢您一直以来的支持，祝您和家人节日愉快。{{offer}}',
    en: 'Hello, happy {{holiday}}! Thank you for your support; we wish you and your family a wonderful holiday.{{offer}}',
  },
  'campaign.year_end': {
    variables: z.object({ offer: z.string() }),
    'zh-CN': '您好，感谢您这一年来的支持！新的一年祝您万事如意。{{offer}}',
    en: 'Hello, thank you for your support this year! We wish you all the best for the new year.{{offer}}',
  },
  'campaign.win_back': {
    variables: z.object({ offer: z.string() }),
    'zh-CN': '您好，好久不见，我们很想念您！店里上了不少新品，欢迎随时回来看看。{{offer}}',
    en: 'Hello, it has been a while and we miss you! There is plenty new in the store; you are welcome back any time.{{offer}}',
  },
  'campaign.coupon': {
    variables: z.object({ value: yuan, code: z.string().min(1), validUntil: z.string(), minSpend: z.string() }),
    'zh-CN': '送您一张 ¥{{value}} 优惠券{{minSpend}}，券码 {{code}}，有效期至 {{validUntil}}。',
    en: ' Here is a ¥{{value}} coupon{{minSpend}}, code {{code}}, valid until {{validUntil}}.',
  },
  'campaign.opt_out': {
    variables: z.object({ optOutUrl: z.string().min(1) }),
    'zh-CN': '回复 TD 退订，或打开 {{optOutUrl}}',
    en: 'Reply STOP to unsubscribe, or open {{optOutUrl}}',
  },
  'campaign.opted_out': {
    variables: z.object({}),
    'zh-CN': '您好，您已成功退订本店的营销消息，之后不会再收到此类消息。感谢您的支持！',
    en: 'Hello, you have been unsubscribed from the store\'s marketing messages and will receive no more of them. Thank you for your support!',
  },
} as const satisfies Record<string, { variables: z.ZodObject; 'zh-CN': string; en: string }>;

export type TemplateId = keyof typeof templates;

/** Parts of a message rather than messages: they are filled into another template, so they greet nobody. */
export const fragmentIds: readonly TemplateId[] = ['campaign.coupon', 'campaign.opt_out'];
export type TemplateVariables<T extends TemplateId> = z.input<(typeof templates)[T]['variables']>;
