import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type Role } from '@liangdian/shared';

/** The Chinese labels of a person's roles, as small tags. */
export function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (!roles.length) return <View className="muted">暂无角色</View>;
  return (
    <View className="row">
      {roles.map((role) => (
        <Text key={role} className="role-tag">
          {ROLE_LABELS[role]}
        </Text>
      ))}
    </View>
  );
}
