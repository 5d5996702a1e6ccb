import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const fractionOfMax: NormaliseOperator<'fractionOfMax'> = {
  stats: ['max'],
  checkStats: ({ max }, node) =>
    max > 0
      ? null
      : {
          where: `tree › ${node.id}.normalise`,
          zh: `指标「${node.label.zh}」按“占最大值比例”标准化，但最大值为 ${max}，需为正数`,
          en: `indicator ${node.id} uses fraction of max, but its maximum is ${max}; it must be positive`,
        },
  emit: (n, { stat }) => code`(x / ${stat('max')} * ${n.scale})`,
};
