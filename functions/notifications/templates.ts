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
} as const satisfies Record<string, { variables: z.ZodObject; 'zh-CN': string; en: string }>;

export type TemplateId = keyof typeof templates;
export type TemplateVariables<T extends TemplateId> = z.input<(typeof templates)[T]['variables']>;
