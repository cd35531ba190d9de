import { View } from '@tarojs/components';

/** How a score was reached, numbered step by step (the rule's own words, from the server). */
export function ExplanationSteps({ steps }: { steps: readonly { step: string; text: string }[] }) {
  return (
    <>
      {steps.map((step, i) => (
        <View className="explain-step" key={i} id={`explanation-step-${i}`} data-step={step.step}>
          {i + 1}. {step.text}
        </View>
      ))}
    </>
  );
}
