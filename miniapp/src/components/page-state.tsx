import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { LoadError } from './load-error';

interface Props {
  /** The page's load; nothing shows once it is neither loading nor failed. */
  load: { status: string; message?: string };
  /** Test hooks: the loading line, and the prefix of the error block (see `LoadError`). */
  loadingId: string;
  errorId: string;
  onRetry?: () => void;
  /** The loading line sits below a heading or a bar, with some space above it. */
  spaced?: boolean;
}

/** 加载中… while a load runs, the error with 重试 when it failed, nothing once it is ready. */
export function LoadState({ load, loadingId, errorId, onRetry, spaced = false }: Props) {
  if (load.status === 'loading') {
    return (
      <View className={spaced ? 'muted spaced' : 'muted'} id={loadingId}>
        加载中…
      </View>
    );
  }
  if (load.status === 'failed') return <LoadError id={errorId} message={load.message ?? ''} onRetry={onRetry} />;
  return null;
}

/** A whole page that is still loading or failed to load; `children` stand above the state. */
export function PageState({ children, ...state }: Props & { children?: ReactNode }) {
  return (
    <View className="page">
      {children}
      <LoadState {...state} />
    </View>
  );
}
