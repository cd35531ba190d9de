import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { ROLES, ROLE_LABELS, UNIT_ROLES, type Role, type User } from '@liangdian/shared';
import { errorText, setRoles } from '../../../../api/client';
import { RoleTags } from '../../../../components/role-tags';

interface Props {
  user: User;
  onSaved: (user: User) => void;
}

/** One user of the list; the role checkboxes open on demand so the list stays readable. */
export function UserRow({ user, onSaved }: Props) {
  const [editing, setEditing] = useState(false);
  const [roles, setDraftRoles] = useState<Role[]>(user.roles);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState('');
  const prefix = `user-${user.id}`;

  const toggle = (role: Role, checked: boolean) =>
    // Keep ROLES order so the saved list and the labels read the same way everywhere.
    setDraftRoles((current) => ROLES.filter((r) => (r === role ? checked : current.includes(r))));

  const open = () => {
    setDraftRoles(user.roles);
    setMessage('');
    setEditing(true);
  };

  const save = async () => {
    setSaving(true);
    setMessage('');
    try {
      const saved = await setRoles(user.id, { roles });
      onSaved(saved);
      setEditing(false);
      setMessage('已保存');
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  // The server refuses unit roles for someone without a unit; say so before the round trip.
  const needsUnit = !user.unit && roles.some((role) => UNIT_ROLES.includes(role));
  return (
    <View className="user-item" id={prefix}>
      <View className="row">
        <Text className="user-name">{user.name}</Text>
        <Text className="muted">{user.phone ?? '未绑定手机号'}</Text>
        <Text className="muted">{user.unit?.name ?? '无所属单位'}</Text>
      </View>
      {!editing && (
        <View className="row spaced">
          <RoleTags roles={user.roles} />
          <Button id={`${prefix}-edit`} size="small" onClick={open}>
            修改角色
          </Button>
        </View>
      )}
      {editing && (
        <>
          <View className="role-grid">
            {ROLES.map((role) => (
              <View className="role-choice" key={role}>
                <Checkbox
                  id={`${prefix}-role-${role}`}
                  checked={roles.includes(role)}
                  label={ROLE_LABELS[role]}
                  onChange={(checked) => toggle(role, checked)}
                />
              </View>
            ))}
          </View>
          {needsUnit && <View className="error-text">单位填报员和单位主要负责人必须属于某个单位</View>}
          <View className="row">
            <Button id={`${prefix}-save`} type="primary" size="small" loading={saving} onClick={save}>
              保存
            </Button>
            <Button id={`${prefix}-cancel`} size="small" disabled={saving} onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
        </>
      )}
      {message && (
        <View className="muted spaced" id={`${prefix}-message`}>
          {message}
        </View>
      )}
    </View>
  );
}
